import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { silentLogger, startTestApp } from '@tidepool/kit/testing';
import { SERVER_SECRET_HEADER } from '@tidepool/spec';
import { Agent } from './agent.js';
import { createAgentApp } from './agent-app.js';
import { BundleRegistry } from './bundle-registry.js';

const serverSecret = 'a-server-secret-of-at-least-32-characters';
const codeRoot = fileURLToPath(new URL('../../..', import.meta.url));

async function startAgentApp() {
  const agent = new Agent({
    name: 'test',
    machine: 'test-machine',
    registry: new BundleRegistry({ codeRoot }),
    logger: silentLogger(),
  });
  const server = await startTestApp(
    createAgentApp({
      agent,
      host: () => 'agent.test:1',
      version: '1.0.0',
      serverSecret,
      logger: silentLogger(),
    }).app,
  );
  const call = (method: string, path: string, body?: unknown, secret = serverSecret) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: {
        [SERVER_SECRET_HEADER]: secret,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { agent, server, call };
}

describe('the agent over HTTP', () => {
  it('answers 401 without the server secret', async () => {
    const { server, call } = await startAgentApp();
    const response = await call('GET', '/v1/slots', undefined, 'not-the-secret');
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    await server.close();
  });

  it('creates slots, lists them by prefix and describes its server', async () => {
    const { server, call } = await startAgentApp();
    expect((await call('PUT', '/v1/slots/user-api-1')).status).toBe(201);
    expect((await call('PUT', '/v1/slots/styx-1')).status).toBe(201);
    const listed = (await (await call('GET', '/v1/slots?slot=user')).json()) as { name: string }[];
    expect(listed.map((slot) => slot.name)).toEqual(['user-api-1']);
    expect(await (await call('GET', '/v1/server')).json()).toMatchObject({
      name: 'test',
      machine: 'test-machine',
      host: 'agent.test:1',
      slots: [
        { name: 'styx-1', state: 'STOPPED', restarts: 0 },
        { name: 'user-api-1', state: 'STOPPED', restarts: 0 },
      ],
    });
    await server.close();
  });

  it('answers problems that say why: a taken name, an unknown slot, an unknown service, no bundle', async () => {
    const { server, call } = await startAgentApp();
    await call('PUT', '/v1/slots/one');
    const taken = await call('PUT', '/v1/slots/one');
    expect(taken.status).toBe(409);
    const unknownSlot = await call('POST', '/v1/slots/two/start');
    expect(unknownSlot.status).toBe(404);
    expect(((await unknownSlot.json()) as { detail: string }).detail).toContain('no slot two');
    const unknownService = await call('POST', '/v1/slots/one/load', {
      bundle: { service: 'nothing', version: '1', config: {} },
    });
    expect(unknownService.status).toBe(400);
    expect(((await unknownService.json()) as { detail: string }).detail).toContain(
      'Unknown service "nothing"',
    );
    const noBundle = await call('POST', '/v1/slots/one/start');
    expect(noBundle.status).toBe(409);
    expect((await call('DELETE', '/v1/slots/one')).status).toBe(204);
    await server.close();
  });

  it('loads a bundle and never shows its configuration', async () => {
    const { server, call } = await startAgentApp();
    await call('PUT', '/v1/slots/hakken-1');
    const loaded = await call('POST', '/v1/slots/hakken-1/load', {
      bundle: { service: 'hakken', version: '2.0.0', config: { SERVER_SECRET: serverSecret } },
    });
    expect(loaded.status).toBe(200);
    const text = await loaded.text();
    expect(JSON.parse(text)).toMatchObject({ bundle: { service: 'hakken', version: '2.0.0' } });
    expect(text).not.toContain(serverSecret);
    await server.close();
  });
});

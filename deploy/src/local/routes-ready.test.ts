import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent } from '../agent/agent.js';
import { waitUntilStyxRoutesEverywhere } from './routes-ready.js';

let server: Server | undefined;

afterEach(async () => {
  const running = server;
  server = undefined;
  if (running !== undefined) await new Promise((resolve) => running.close(resolve));
});

/** A styx stand-in whose `/status` says degraded (user-api failing) until `okAfter` requests. */
async function fakeStyx(okAfter: number): Promise<{ port: number; requests: () => number }> {
  let requests = 0;
  const styx = createServer((_request, response) => {
    requests += 1;
    const ok = requests > okAfter;
    response.setHeader('content-type', 'application/json');
    response.end(
      JSON.stringify({
        service: 'styx',
        version: '1',
        status: ok ? 'ok' : 'degraded',
        uptimeSeconds: 1,
        checks: { 'user-api': ok ? 'ok' : 'failing', metadata: 'ok' },
      }),
    );
  });
  server = styx;
  await new Promise<void>((resolve) => styx.listen(0, '127.0.0.1', resolve));
  return { port: (styx.address() as AddressInfo).port, requests: () => requests };
}

function agentWith(slots: { service: string; port: number }[]): Agent {
  return {
    slots: () =>
      slots.map(({ service, port }) => ({
        bundle: { service, version: '1', config: { HOST: '0.0.0.0' } },
        describe: () => ({ port }),
      })),
  } as unknown as Agent;
}

describe('waitUntilStyxRoutesEverywhere', () => {
  it('waits until styx says every target has an instance', async () => {
    const styx = await fakeStyx(3);
    const agent = agentWith([
      { service: 'user-api', port: 1 },
      { service: 'styx', port: styx.port },
    ]);
    await waitUntilStyxRoutesEverywhere(agent, 10_000, new AbortController().signal);
    expect(styx.requests()).toBe(4);
  });

  it('names the services styx cannot reach when the time is up', async () => {
    const styx = await fakeStyx(Number.POSITIVE_INFINITY);
    const agent = agentWith([{ service: 'styx', port: styx.port }]);
    await expect(waitUntilStyxRoutesEverywhere(agent, 500, new AbortController().signal)).rejects.toThrow(
      /did not route to every service within 500 ms: no instance of user-api\.$/,
    );
  });

  it('gives up at once when the start is aborted', async () => {
    const styx = await fakeStyx(Number.POSITIVE_INFINITY);
    const controller = new AbortController();
    const waiting = waitUntilStyxRoutesEverywhere(
      agentWith([{ service: 'styx', port: styx.port }]),
      60_000,
      controller.signal,
    );
    setTimeout(() => {
      controller.abort();
    }, 300);
    await expect(waiting).rejects.toThrow('Stopped while starting.');
  });
});

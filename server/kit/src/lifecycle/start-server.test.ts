import { Agent, request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createNotesApp } from '../../test-fixtures/notes-app.js';
import { startServer, type RunningServer } from './start-server.js';

function connectionCount(running: RunningServer): Promise<number> {
  return new Promise((resolve, reject) => {
    running.server.getConnections((error, count) => {
      if (error) reject(error);
      else resolve(count);
    });
  });
}

describe('startServer', () => {
  it('listens on the asked host and answers at its url', async () => {
    await using server = await startServer(createNotesApp().app, { host: '127.0.0.1', port: 0 });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
    expect((await fetch(`${server.url}/hello`)).status).toBe(200);
  });

  it('lets a request in flight finish before close resolves, and refuses new connections', async () => {
    let openGate: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    const server = await startServer(createNotesApp({ gate }).app, { host: '127.0.0.1', port: 0 });
    const events: string[] = [];
    const inFlight = fetch(`${server.url}/slow`).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as unknown,
    }));
    // Wait until the request is being handled: the server then has one connection.
    while ((await connectionCount(server)) === 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    const closed = server.close().then(() => events.push('closed'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual([]);
    await expect(fetch(`${server.url}/hello`)).rejects.toThrow();
    events.push('gate opened');
    openGate();
    expect(await inFlight).toEqual({ status: 200, body: { done: true } });
    await closed;
    expect(events).toEqual(['gate opened', 'closed']);
  });

  it('closes idle keep-alive connections instead of waiting for them', async () => {
    const server = await startServer(createNotesApp().app, { host: '127.0.0.1', port: 0 });
    // Idle connections would otherwise stay for an hour, far beyond the test's timeout.
    server.server.keepAliveTimeout = 3_600_000;
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      const outgoing = request(`${server.url}/hello`, { agent });
      outgoing.on('response', (response) => {
        response.resume();
        response.on('end', resolve);
      });
      outgoing.on('error', reject);
      outgoing.end();
    });
    expect(await connectionCount(server)).toBe(1);
    await server.close(3_600_000);
    expect(server.server.listening).toBe(false);
    agent.destroy();
  });
});

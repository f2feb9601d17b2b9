import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createNotesApp } from '../../test-fixtures/notes-app.js';
import { captureLogs, findFreePort } from '../testing/index.js';
import type { ShutdownProcess } from './on-shutdown.js';
import { runService, type ServiceListing, type ServiceRegistry } from './run-service.js';
import { startServer } from './start-server.js';

const config = { HOST: '127.0.0.1', PORT: 0, SHUTDOWN_TIMEOUT_MS: 2000 };

function fakeProcess() {
  const emitter = new EventEmitter();
  let exited: (code: number) => void = () => undefined;
  const exitCode = new Promise<number>((resolve) => {
    exited = resolve;
  });
  const target: ShutdownProcess = {
    on: (signal, listener) => emitter.on(signal, listener),
    off: (signal, listener) => emitter.off(signal, listener),
    exit: (code) => {
      exited(code);
    },
  };
  return { emitter, exitCode, target };
}

/** A registry that records what happens to it, and when. */
function recordingRegistry(onDrain: () => Promise<void> = () => Promise.resolve()) {
  const events: string[] = [];
  const listings: ServiceListing[] = [];
  const registry: ServiceRegistry = {
    publish(listing) {
      listings.push(listing);
      events.push('publish');
      return {
        drain: async () => {
          events.push('drain');
          await onDrain();
        },
        close: async () => {
          events.push('remove listing');
        },
      };
    },
    close: async () => {
      events.push('close registry');
    },
  };
  return { registry, events, listings };
}

describe('runService', () => {
  it('publishes the listing with the port the server got', async () => {
    const { registry, listings } = recordingRegistry();
    const { target } = fakeProcess();
    const running = await runService({
      app: createNotesApp().app,
      config,
      logger: captureLogs().logger,
      registry,
      listing: { service: 'notes', machine: 'm1' },
      process: target,
    });
    expect(listings).toEqual([
      { service: 'notes', host: `127.0.0.1:${running.server.port}`, protocol: 'http', machine: 'm1' },
    ]);
    running.removeSignalHandlers();
    await running.server.close();
  });

  it('on SIGTERM drains, keeps serving for the delay, stops, closes, deregisters and exits 0', async () => {
    const { target, emitter, exitCode } = fakeProcess();
    let servedWhileDraining: number | undefined;
    let serverUrl = '';
    const { registry, events } = recordingRegistry(async () => {
      servedWhileDraining = (await fetch(`${serverUrl}/hello`)).status;
    });
    const running = await runService({
      app: createNotesApp().app,
      config,
      logger: captureLogs().logger,
      registry,
      listing: { service: 'notes' },
      closers: [{ name: 'database', close: () => Promise.resolve(events.push('close database')) }],
      drainDelayMilliseconds: 50,
      process: target,
    });
    serverUrl = running.server.url;
    emitter.emit('SIGTERM');
    expect(await exitCode).toBe(0);
    expect(servedWhileDraining).toBe(200);
    expect(events).toEqual(['publish', 'drain', 'close database', 'remove listing', 'close registry']);
    await expect(fetch(`${serverUrl}/hello`)).rejects.toThrow();
  });

  it('lets a request in flight finish before the databases close', async () => {
    const { target, emitter, exitCode } = fakeProcess();
    let openGate: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const { registry, events } = recordingRegistry();
    const running = await runService({
      app: createNotesApp({ gate }).app,
      config,
      logger: captureLogs().logger,
      registry,
      listing: { service: 'notes' },
      closers: [{ name: 'database', close: () => Promise.resolve(events.push('close database')) }],
      drainDelayMilliseconds: 10,
      process: target,
    });
    const inFlight = fetch(`${running.server.url}/slow`).then((response) => response.status);
    await new Promise((resolve) => setTimeout(resolve, 50));
    emitter.emit('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(events).not.toContain('close database');
    events.push('gate opened');
    openGate();
    expect(await inFlight).toBe(200);
    expect(await exitCode).toBe(0);
    expect(events.indexOf('gate opened')).toBeLessThan(events.indexOf('close database'));
  });

  it('publishes a wildcard HOST as the loopback address unless a host is given', async () => {
    const { registry, listings } = recordingRegistry();
    const { target } = fakeProcess();
    const running = await runService({
      app: createNotesApp().app,
      config: { ...config, HOST: '0.0.0.0' },
      logger: captureLogs().logger,
      registry,
      listing: { service: 'notes' },
      process: target,
    });
    expect(listings[0]?.host).toBe(`127.0.0.1:${running.server.port}`);
    running.removeSignalHandlers();
    await running.server.close();
  });

  it('closes the server and throws when the listing is refused', async () => {
    const registry: ServiceRegistry = {
      publish: () => {
        throw new Error('malformed listing');
      },
    };
    const port = await findFreePort();
    await expect(
      runService({
        app: createNotesApp().app,
        config: { ...config, PORT: port },
        logger: captureLogs().logger,
        registry,
        listing: { service: 'notes' },
        process: fakeProcess().target,
      }),
    ).rejects.toThrow('malformed listing');
    // The port is free again: the server was closed.
    await using again = await startServer(createNotesApp().app, { host: '127.0.0.1', port });
    expect(again.port).toBe(port);
  });
});

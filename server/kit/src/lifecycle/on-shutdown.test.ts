import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { captureLogs } from '../testing/index.js';
import { onShutdown, type ShutdownProcess } from './on-shutdown.js';

function fakeProcess() {
  const emitter = new EventEmitter();
  const exits: number[] = [];
  let exited: () => void = () => undefined;
  const exitedOnce = new Promise<void>((resolve) => {
    exited = resolve;
  });
  const target: ShutdownProcess = {
    on: (signal, listener) => emitter.on(signal, listener),
    off: (signal, listener) => emitter.off(signal, listener),
    exit: (code) => {
      exits.push(code);
      exited();
    },
  };
  return { emitter, exits, exitedOnce, target };
}

describe('onShutdown', () => {
  it('closes in reverse order of opening on SIGTERM, then exits 0', async () => {
    const { emitter, exits, exitedOnce, target } = fakeProcess();
    const closed: string[] = [];
    const closer = (name: string) => ({ name, close: () => Promise.resolve(closed.push(name)) });
    const logs = captureLogs();
    onShutdown([closer('database'), closer('server')], { logger: logs.logger, process: target });
    emitter.emit('SIGTERM');
    await exitedOnce;
    expect(closed).toEqual(['server', 'database']);
    expect(exits).toEqual([0]);
    expect(logs.lines().map((line) => line.msg)).toEqual(['shutting down', 'closed', 'closed', 'shut down']);
  });

  it('exits 1 at once on a second signal while closing', () => {
    const { emitter, exits, target } = fakeProcess();
    let finishClosing: () => void = () => undefined;
    const slow = { name: 'slow', close: () => new Promise<void>((resolve) => (finishClosing = resolve)) };
    onShutdown([slow], { logger: captureLogs().logger, process: target });
    emitter.emit('SIGINT');
    emitter.emit('SIGTERM');
    expect(exits).toEqual([1]);
    finishClosing();
  });

  it('still closes the others and exits 1 when a closer fails', async () => {
    const { emitter, exits, exitedOnce, target } = fakeProcess();
    const closed: string[] = [];
    onShutdown(
      [
        { name: 'database', close: () => Promise.resolve(closed.push('database')) },
        { name: 'server', close: () => Promise.reject(new Error('stuck')) },
      ],
      { logger: captureLogs().logger, process: target },
    );
    emitter.emit('SIGTERM');
    await exitedOnce;
    expect(closed).toEqual(['database']);
    expect(exits).toEqual([1]);
  });

  it('removes its handlers when asked', () => {
    const { emitter, target } = fakeProcess();
    const remove = onShutdown([], { logger: captureLogs().logger, process: target });
    expect(emitter.listenerCount('SIGTERM')).toBe(1);
    remove();
    expect(emitter.listenerCount('SIGTERM') + emitter.listenerCount('SIGINT')).toBe(0);
  });
});

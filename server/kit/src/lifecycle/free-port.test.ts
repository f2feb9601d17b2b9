import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findFreePort, rangeOutsideEphemeral } from './free-port.js';

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
      resolve(server);
    });
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
  });
}

/** A listener on a port of `range` that findFreePort has not answered (it would skip that one unprobed). */
async function listenInRange(range: { low: number; high: number }): Promise<Server> {
  for (;;) {
    const port = range.low + Math.floor(Math.random() * (range.high - range.low + 1));
    try {
      return await listen(port);
    } catch {
      // Taken: another one.
    }
  }
}

/** The Math.random() value that makes findFreePort pick `port` within `range`. */
function pickOf(port: number, range: { low: number; high: number }): number {
  return (port - range.low + 0.5) / (range.high - range.low + 1);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('findFreePort', () => {
  const ephemeral = (() => {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    return { low: low ?? 0, high: high ?? 0 };
  })();

  it('answers a port below the range the system gives outgoing connections, that can be listened on', async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThanOrEqual(10_000);
    expect(port).toBeLessThan(ephemeral.low);
    await close(await listen(port));
  });

  it('passes over a port that is in use', async () => {
    const range = rangeOutsideEphemeral(ephemeral);
    if (range === undefined) throw new Error(`no range outside ${JSON.stringify(ephemeral)}`);
    const taken = await listenInRange(range);
    try {
      const takenPort = (taken.address() as { port: number }).port;
      // Another port of the range that was free a moment ago (and that findFreePort never answered).
      const other = await listenInRange(range);
      const otherPort = (other.address() as { port: number }).port;
      await close(other);
      vi.spyOn(Math, 'random')
        .mockReturnValueOnce(pickOf(takenPort, range))
        .mockReturnValueOnce(pickOf(otherPort, range));
      expect(await findFreePort()).toBe(otherPort);
    } finally {
      await close(taken);
    }
  });

  it('falls back to a port the system picks when every random pick is taken', async () => {
    const range = rangeOutsideEphemeral(ephemeral);
    if (range === undefined) throw new Error(`no range outside ${JSON.stringify(ephemeral)}`);
    const taken = await listenInRange(range);
    try {
      const takenPort = (taken.address() as { port: number }).port;
      vi.spyOn(Math, 'random').mockReturnValue(pickOf(takenPort, range));
      const port = await findFreePort();
      expect(port).not.toBe(takenPort);
      expect(port).toBeGreaterThanOrEqual(ephemeral.low);
      await close(await listen(port));
    } finally {
      await close(taken);
    }
  });

  it('does not answer one port twice, even to calls made at once', async () => {
    const range = rangeOutsideEphemeral(ephemeral);
    if (range === undefined) throw new Error(`no range outside ${JSON.stringify(ephemeral)}`);
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const ports = await Promise.all([findFreePort(), findFreePort(), findFreePort()]);
    expect(new Set(ports).size).toBe(3);
  });

  it('rejects with the system error for a host it cannot listen on', async () => {
    await expect(findFreePort('192.0.2.1')).rejects.toMatchObject({ code: 'EADDRNOTAVAIL' });
  });
});

describe('rangeOutsideEphemeral', () => {
  it('takes the ports from 10000 up to the ephemeral range', () => {
    expect(rangeOutsideEphemeral({ low: 32_768, high: 60_999 })).toEqual({ low: 10_000, high: 32_767 });
  });

  it('takes the ports above the ephemeral range when it starts too low', () => {
    expect(rangeOutsideEphemeral({ low: 1_024, high: 49_151 })).toEqual({ low: 49_152, high: 65_535 });
  });

  it('gives up when neither side leaves a thousand ports', () => {
    expect(rangeOutsideEphemeral({ low: 10_500, high: 65_000 })).toBeUndefined();
  });
});

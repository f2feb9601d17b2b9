/** A free TCP port, for a child process that must be told its port (a shio slot, a throwaway PostgreSQL). */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Linux's default range for outgoing connections' local ports and for `listen(0)`. */
const LINUX_EPHEMERAL_PORTS: PortRange = { low: 32_768, high: 60_999 };
/** Below this, ports are commonly configured for services (8009, 8101, 5432, …). */
const LOWEST_PORT = 10_000;
/** A free range narrower than this makes two finders' random picks meet too often. */
const NARROWEST_RANGE = 1_000;
const ATTEMPTS = 20;
/** Ports answered (or probed) lately, not answered again: two slots starting at once must not be told the same one. */
const recentlyAnswered = new Set<number>();
const REMEMBERED = 256;

interface PortRange {
  readonly low: number;
  readonly high: number;
}

/**
 * Answers a port that was free a moment ago on `host`, for a process that binds it soon after.
 *
 * The port is released before that process binds it, so another one could take it meanwhile.
 * A port from `listen(0)` would be taken easily: the system hands out the same range for the
 * local end of every outgoing connection, and a busy machine (parallel tests, a platform
 * starting) opens many. So the port is picked at random from the ports below that range,
 * which only other finders and fixed configurations use, and never one this process answered
 * lately. A caller that must not fail still retries when its bind fails (EADDRINUSE).
 */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  const range = rangeOutsideEphemeral(ephemeralPorts());
  if (range !== undefined) {
    for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
      const candidate = range.low + Math.floor(Math.random() * (range.high - range.low + 1));
      if (recentlyAnswered.has(candidate)) continue;
      // Remembered before the probe: a concurrent call cannot pick it meanwhile.
      remember(candidate);
      if (await canListen(candidate, host)) return candidate;
    }
  }
  return remember(await listenOnAnyPort(host));
}

function remember(port: number): number {
  recentlyAnswered.add(port);
  // A Set iterates in insertion order: the first is the oldest.
  if (recentlyAnswered.size > REMEMBERED)
    recentlyAnswered.delete(recentlyAnswered.values().next().value ?? port);
  return port;
}

/** The ephemeral range this machine uses (Linux states it; elsewhere, Linux's default is assumed). */
function ephemeralPorts(): PortRange {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    if (Number.isInteger(low) && Number.isInteger(high) && low !== undefined && high !== undefined) {
      return { low, high };
    }
  } catch {
    // Not Linux, or no /proc: fall through to the default.
  }
  return LINUX_EPHEMERAL_PORTS;
}

/** The ports below the ephemeral range (or, if it starts too low, above it); none if both are too narrow. */
export function rangeOutsideEphemeral(ephemeral: PortRange): PortRange | undefined {
  const below = { low: LOWEST_PORT, high: ephemeral.low - 1 };
  if (below.high - below.low + 1 >= NARROWEST_RANGE) return below;
  const above = { low: Math.max(LOWEST_PORT, ephemeral.high + 1), high: 65_535 };
  if (above.high - above.low + 1 >= NARROWEST_RANGE) return above;
  return undefined;
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => {
      resolve(false);
    });
    server.listen({ port, host, exclusive: true }, () => {
      server.close(() => {
        resolve(true);
      });
    });
  });
}

function listenOnAnyPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port was assigned'));
      });
    });
  });
}

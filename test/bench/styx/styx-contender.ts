/** styx as the benchmarks start and load it: its rules, its Node flags, a measured round. */
import { STYX_NODE_FLAGS } from '@tidepool/shio';
import {
  cpuSeconds,
  freePort,
  nodeScript,
  runScript,
  startServing,
  type ServingProcess,
} from './bench-processes.js';

/** A Tidepool-shaped read: device data of one user, with a query. */
export const STYX_BENCH_PATH = '/data/0123456789abcdef?type=cbg&startDate=2024-01-01T00:00:00Z';

/** The load generator's connections. */
export const CONNECTIONS = Number(process.env.STYX_BENCH_CONNECTIONS ?? 50);

/**
 * Short rounds, several of them: the machine's speed drifts over minutes (router/README.md,
 * "Performance"), and each round's ratio compares contenders measured seconds apart.
 */
export const ROUND_SECONDS = Number(process.env.STYX_BENCH_SECONDS ?? 3);
/**
 * Load on each contender before the rounds, not measured. Under full load on 2 cores, V8's
 * optimizing compiler (a background thread) gets little CPU: styx used ~370 µs a request in
 * its first 3 s of load and ~150–210 from about the sixth second on; with 1 s of warm-up its
 * first round was still the slowest of the run (router/README.md, "Performance").
 */
export const WARM_UP_SECONDS = Number(process.env.STYX_BENCH_WARM_UP_SECONDS ?? 6);

/** Rules with every public prefix (CORS on) and the portal's `/`, all to one upstream. */
function styxRules(upstream: string): string {
  const cors = { allowedOrigins: ['https://app.example.org'] };
  const prefixes = ['/auth', '/metadata', '/access', '/message', '/data'];
  return JSON.stringify({
    hosts: {
      '*': [
        ...prefixes.map((pathPrefix) => ({ pathPrefix, cors, target: { upstreams: [upstream] } })),
        { pathPrefix: '/', target: { upstreams: [upstream] } },
      ],
    },
  });
}

/** The benchmark's upstream: a bare node:http server answering a small JSON body. */
export async function startUpstream(): Promise<ServingProcess> {
  const port = await freePort();
  return startServing({
    name: 'upstream',
    ...nodeScript('test/bench/styx/upstream-server.ts', String(port)),
    port,
  });
}

export interface StyxStart {
  readonly name: string;
  /** styx's entry point, relative to the repository: `router/src/main.ts`, or an older copy of it. */
  readonly main: string;
  readonly upstreamUrl: string;
  readonly workers: number;
  /** Where its access log goes. */
  readonly logFile: string;
}

/** Starts styx with the Node flags shio gives it (a young generation at its full size from the start). */
export async function startStyx(options: StyxStart): Promise<ServingProcess> {
  const port = await freePort();
  return startServing({
    name: options.name,
    command: process.execPath,
    args: [...STYX_NODE_FLAGS, ...nodeScript(options.main).args],
    port,
    env: {
      HOST: '127.0.0.1',
      PORT: String(port),
      STYX_ADMIN_PORT: String(await freePort()),
      STYX_RULES: styxRules(options.upstreamUrl),
      STYX_WORKERS: String(options.workers),
      LOG_LEVEL: 'info',
    },
    logFile: options.logFile,
  });
}

export interface LoadResult {
  readonly tool: string;
  readonly requestsPerSecond: number;
  readonly p50Milliseconds: number;
  readonly p99Milliseconds: number;
  readonly errors: number;
  readonly non2xx: number;
}

/** Load on `url` for `seconds` from the load generator, in its own process. */
export async function load(url: string, seconds: number): Promise<LoadResult> {
  const output = await runScript('test/bench/styx/load-generator.ts', [
    url,
    String(CONNECTIONS),
    String(seconds),
  ]);
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as LoadResult;
}

/** A round of one contender: the load generator's numbers and the contender's CPU time per request. */
export interface RoundResult extends LoadResult {
  readonly cpuMicrosecondsPerRequest: number;
}

/** Loads `contender` on `path` for `seconds` and measures its CPU time per request over that time. */
export async function measureRound(
  contender: ServingProcess,
  path: string,
  seconds: number,
): Promise<RoundResult> {
  const cpuBefore = cpuSeconds(contender.pid);
  const loaded = await load(contender.url + path, seconds);
  const requests = loaded.requestsPerSecond * seconds;
  return {
    ...loaded,
    cpuMicrosecondsPerRequest: ((cpuSeconds(contender.pid) - cpuBefore) * 1e6) / requests,
  };
}

/**
 * The load generator, in its own process: fixed connections and duration; prints one JSON line.
 * It uses `wrk` (one thread) when installed, as it leaves more of the 2 cores to the contenders,
 * and autocannon (an npm package of the workspace) otherwise; `STYX_BENCH_LOAD=autocannon`
 * forces autocannon.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import autocannon from 'autocannon';

export const WRK = '/usr/bin/wrk';

interface LoadResult {
  readonly tool: 'wrk' | 'autocannon';
  readonly requestsPerSecond: number;
  readonly p50Milliseconds: number;
  readonly p99Milliseconds: number;
  readonly errors: number;
  readonly non2xx: number;
}

const UNIT_MILLISECONDS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000 };

/** A wrk duration such as `635.91us`, `1.20ms` or `2.01s`, in milliseconds. */
function milliseconds(text: string | undefined): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(text ?? '');
  if (match === null) return Number.NaN;
  return Number(match[1]) * (UNIT_MILLISECONDS[match[2] ?? 'ms'] ?? 1);
}

async function withWrk(url: string, connections: number, seconds: number): Promise<LoadResult> {
  const { stdout } = await promisify(execFile)(WRK, [
    '-t1',
    `-c${connections}`,
    `-d${seconds}s`,
    '--latency',
    url,
  ]);
  const percentile = (name: string) =>
    milliseconds(new RegExp(`^\\s+${name}%\\s+(\\S+)`, 'm').exec(stdout)?.[1]);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  return {
    tool: 'wrk',
    requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN),
    p50Milliseconds: percentile('50'),
    p99Milliseconds: percentile('99'),
    errors: socketErrors === null ? 0 : socketErrors.slice(1).reduce((sum, count) => sum + Number(count), 0),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0),
  };
}

async function withAutocannon(url: string, connections: number, seconds: number): Promise<LoadResult> {
  const result = await autocannon({ url, connections, duration: seconds });
  return {
    tool: 'autocannon',
    requestsPerSecond: result.requests.average,
    p50Milliseconds: result.latency.p50,
    p99Milliseconds: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

const [url = '', connections = '50', seconds = '5'] = process.argv.slice(2);
const useWrk = existsSync(WRK) && process.env.STYX_BENCH_LOAD !== 'autocannon';
const result = await (useWrk ? withWrk : withAutocannon)(url, Number(connections), Number(seconds));
console.log(JSON.stringify(result));

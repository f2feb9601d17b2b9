/**
 * `npm run bench:styx-compare -- [revision]`: styx of the working tree against styx of a git
 * revision (HEAD by default), on the same upstream, in interleaved rounds; prints CPU time per
 * request and requests/s of each round and the median ratio (working tree ÷ revision).
 *
 * A change to styx's hot path moves its cost by a few per cent, less than the machine's drift
 * between two runs of the benchmark (router/README.md, "Performance"): only two versions loaded
 * turn about, seconds apart, tell such a change from the noise. Only `router/` is taken from the
 * revision; the packages it imports (kit, spec, shio) are the working tree's.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY, type ServingProcess } from './bench-processes.js';
import {
  ROUND_SECONDS as SECONDS,
  STYX_BENCH_PATH,
  WARM_UP_SECONDS,
  load,
  measureRound,
  startStyx,
  startUpstream,
  type RoundResult,
} from './styx-contender.js';

const ROUNDS = Number(process.env.STYX_BENCH_ROUNDS ?? 10);

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: REPOSITORY, encoding: 'utf8' }).trim();
}

/** Writes `router/` of `commit` under the repository's `.tmp/`, where it finds the workspace's packages. */
function checkOutRouter(commit: string): string {
  const directory = join(REPOSITORY, '.tmp', `styx-compare-${commit.slice(0, 12)}`);
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  const archive = join(directory, 'router.tar');
  git('archive', '--format=tar', '-o', archive, commit, 'router');
  execFileSync('tar', ['-xf', archive, '-C', directory]);
  return directory;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? Number.NaN) + (sorted[middle] ?? Number.NaN)) / 2;
}

function describe(name: string, ratios: readonly number[]): string {
  return `${name}: median ${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`;
}

async function main(): Promise<void> {
  const revision = process.argv[2] ?? 'HEAD';
  const commit = git('rev-parse', '--verify', `${revision}^{commit}`);
  const directory = checkOutRouter(commit);
  const started: ServingProcess[] = [];
  try {
    const upstream = await startUpstream();
    started.push(upstream);
    const before = await startStyx({
      name: revision,
      main: join(directory, 'router/src/main.ts'),
      upstreamUrl: upstream.url,
      workers: 1,
      logFile: join(directory, 'before-access.log'),
    });
    started.push(before);
    const after = await startStyx({
      name: 'working tree',
      main: 'router/src/main.ts',
      upstreamUrl: upstream.url,
      workers: 1,
      logFile: join(directory, 'after-access.log'),
    });
    started.push(after);
    for (const contender of [before, after]) await load(contender.url + STYX_BENCH_PATH, WARM_UP_SECONDS);
    const cpuRatios: number[] = [];
    const throughputRatios: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      // Turn about: neither is always measured first.
      const order = round % 2 === 0 ? [before, after] : [after, before];
      const results = new Map<ServingProcess, RoundResult>();
      for (const contender of order)
        results.set(contender, await measureRound(contender, STYX_BENCH_PATH, SECONDS));
      const was = results.get(before) as RoundResult;
      const is = results.get(after) as RoundResult;
      cpuRatios.push(is.cpuMicrosecondsPerRequest / was.cpuMicrosecondsPerRequest);
      throughputRatios.push(is.requestsPerSecond / was.requestsPerSecond);
      console.log(
        `round ${round + 1}: ${revision} ${was.cpuMicrosecondsPerRequest.toFixed(1)} µs/request, ` +
          `${Math.round(was.requestsPerSecond)} req/s; working tree ${is.cpuMicrosecondsPerRequest.toFixed(1)} µs/request, ` +
          `${Math.round(is.requestsPerSecond)} req/s` +
          (was.errors + is.errors + was.non2xx + is.non2xx > 0
            ? ' (errors or non-2xx answers: look at both)'
            : ''),
      );
    }
    console.log(`working tree ÷ ${revision} (${commit.slice(0, 12)}), ${ROUNDS} rounds of ${SECONDS} s:`);
    console.log(describe('  CPU per request (lower is cheaper)', cpuRatios));
    console.log(describe('  requests/s (higher is faster)', throughputRatios));
  } finally {
    await Promise.all(started.map((contender) => contender.stop()));
    rmSync(directory, { recursive: true, force: true });
  }
}

await main();

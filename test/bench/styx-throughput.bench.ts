/**
 * styx throughput (issue 4): the same upstream reached directly, through styx, through nginx,
 * through two plain Node forwarders and through the floor of styx's libraries (node:http and
 * undici's `dispatch` with no feature), measured interleaved in one run with a load generator
 * in its own process.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STYX_NODE_FLAGS } from '@tidepool/shio';
import type { BenchReport, BenchRow, Benchmark } from './bench-report.js';
import { freePort, nodeScript, startServing, type ServingProcess } from './styx/bench-processes.js';
import { NGINX_MISSING, nginxInstalled, startNginx } from './styx/nginx-contender.js';
import {
  CONNECTIONS,
  ROUND_SECONDS as SECONDS,
  WARM_UP_SECONDS,
  STYX_BENCH_PATH as PATH,
  load,
  measureRound,
  startStyx,
  startUpstream,
  type RoundResult,
} from './styx/styx-contender.js';

const ROUNDS = Number(process.env.STYX_BENCH_ROUNDS ?? 4);
/** styx is measured once per worker count (node:cluster): one process, as nginx's one worker, and one per core. */
const STYX_WORKER_COUNTS = (process.env.STYX_BENCH_WORKERS ?? '1,2').split(',').map(Number);

function styxName(workers: number): string {
  return workers === 1 ? 'styx' : `styx ×${workers} workers`;
}
/** node:http and undici's `dispatch` with nothing of styx's: about the most styx could reach here. */
const FLOOR = 'dispatch floor';

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(values.length, 1);
}

/** Starts every contender; when one fails to start, stops those already running and throws. */
async function startContenders(directory: string, notes: string[]): Promise<ServingProcess[]> {
  const started: ServingProcess[] = [];
  try {
    await startEachContender(directory, notes, started);
    return started;
  } catch (error) {
    await Promise.all(started.map((contender) => contender.stop()));
    throw error;
  }
}

/** Starts the upstream (as `direct`), styx, nginx, the forwarders and the floor, adding each to `started` once it listens. */
async function startEachContender(
  directory: string,
  notes: string[],
  started: ServingProcess[],
): Promise<void> {
  const upstream = await startUpstream();
  const upstreamUrl = upstream.url;
  started.push({ ...upstream, name: 'direct' });
  for (const workers of STYX_WORKER_COUNTS) {
    started.push(
      await startStyx({
        name: styxName(workers),
        main: 'router/src/main.ts',
        upstreamUrl,
        workers,
        logFile: join(directory, `styx-${workers}-access.log`),
      }),
    );
  }
  if (nginxInstalled()) {
    started.push(
      await startNginx(join(directory, 'nginx'), await freePort(), Number(new URL(upstreamUrl).port)),
    );
  } else {
    console.error(`bench: ${NGINX_MISSING}`);
    notes.push(`nginx not measured: ${NGINX_MISSING}`);
  }
  for (const [name, script] of [
    ['http-proxy', 'test/bench/styx/forwarder-http-proxy.ts'],
    ['undici forwarder', 'test/bench/styx/forwarder-undici.ts'],
    [FLOOR, 'test/bench/styx/forwarder-dispatch.ts'],
  ] as const) {
    const port = await freePort();
    started.push(await startServing({ name, ...nodeScript(script, upstreamUrl, String(port)), port }));
  }
}

function ratioRow(
  metric: string,
  styx: number,
  anchorName: string,
  anchor: number | undefined,
  aim?: string,
): BenchRow[] {
  if (anchor === undefined) return [];
  return [
    {
      metric,
      value: styx,
      unit: 'req/s',
      anchor: { name: anchorName, value: anchor },
      ratio: styx / anchor,
      ...(aim && { aim }),
    },
  ];
}

const benchmark: Benchmark = {
  name: 'styx throughput',
  async run(): Promise<BenchReport> {
    const directory = await mkdtemp(join(tmpdir(), 'styx-bench-'));
    const notes: string[] = [
      `${CONNECTIONS} connections, ${SECONDS} s per round, ${ROUNDS} rounds interleaved, GET ${PATH.split('?')[0] ?? ''}, after ${WARM_UP_SECONDS} s of unmeasured load on each contender (JIT)`,
      'styx with its access log (to a file), metrics, CORS rules and internal-route checks on; nginx with one worker and its access log (buffered)',
      `${FLOOR}: node:http's server and undici's dispatch, the libraries styx forwards with, and none of styx's features; styx / ${FLOOR} is what the features leave, ${FLOOR} / nginx the most styx could reach in this run`,
      `styx started with the Node flags shio gives it: ${STYX_NODE_FLAGS.join(' ')}`,
      'CPU per request: user and system time of the contender’s own processes (workers included, the upstream not) over each round, from /proc, ÷ the requests answered; other work on the machine changes it less than it changes throughput',
    ];
    const contenders = await startContenders(directory, notes);
    try {
      const results = new Map<string, RoundResult[]>();
      let tool = '';
      for (const contender of contenders) tool = (await load(contender.url + PATH, WARM_UP_SECONDS)).tool;
      notes.push(
        `load generator: ${tool} in its own process; every contender in its own process, on one 2-core machine`,
      );
      for (let round = 0; round < ROUNDS; round += 1) {
        // Each round starts with another contender, so that none is always measured first or last.
        const first = round % contenders.length;
        for (const contender of [...contenders.slice(first), ...contenders.slice(0, first)]) {
          const result = await measureRound(contender, PATH, SECONDS);
          console.error(
            `bench: round ${round + 1} ${contender.name}: ${Math.round(result.requestsPerSecond)} req/s, ` +
              `p50 ${result.p50Milliseconds} ms, p99 ${result.p99Milliseconds} ms, ` +
              `CPU ${result.cpuMicrosecondsPerRequest.toFixed(1)} µs/request, errors ${result.errors}, non-2xx ${result.non2xx}`,
          );
          results.set(contender.name, [...(results.get(contender.name) ?? []), result]);
        }
      }
      const throughput = (name: string) => {
        const runs = results.get(name);
        return runs === undefined ? undefined : mean(runs.map((run) => run.requestsPerSecond));
      };
      /** One ratio per round: both measured within the same round, seconds apart. */
      const ratiosByRound = (name: string, anchor: string): number[] => {
        const anchorRuns = results.get(anchor) ?? [];
        return (results.get(name) ?? []).flatMap((run, round) => {
          const anchorRun = anchorRuns[round];
          return anchorRun === undefined ? [] : [run.requestsPerSecond / anchorRun.requestsPerSecond];
        });
      };
      /** Notes the ratios of `name` to nginx round by round, when both were measured. */
      const noteRoundsAgainstNginx = (name: string): void => {
        const byRound = ratiosByRound(name, 'nginx');
        if (byRound.length === 0) return;
        notes.push(`${name} / nginx round by round: ${byRound.map((ratio) => ratio.toFixed(2)).join(', ')}`);
      };
      const cpuPerRequest = (name: string) => {
        const runs = results.get(name);
        return runs === undefined ? undefined : mean(runs.map((run) => run.cpuMicrosecondsPerRequest));
      };
      const rows: BenchRow[] = [];
      for (const [name, runs] of results) {
        rows.push({
          metric: `${name} throughput`,
          value: mean(runs.map((run) => run.requestsPerSecond)),
          unit: 'req/s',
        });
        rows.push({
          metric: `${name} latency p50`,
          value: mean(runs.map((run) => run.p50Milliseconds)),
          unit: 'ms',
        });
        rows.push({
          metric: `${name} latency p99`,
          value: mean(runs.map((run) => run.p99Milliseconds)),
          unit: 'ms',
        });
        rows.push({
          metric: `${name} CPU per request (its own processes)`,
          value: cpuPerRequest(name) ?? 0,
          unit: 'µs',
        });
        const failures = runs.reduce((sum, run) => sum + run.errors + run.non2xx, 0);
        if (failures > 0) notes.push(`${name}: ${failures} errors or non-2xx answers`);
      }
      const directCpu = results.get('direct')?.map((run) => run.cpuMicrosecondsPerRequest.toFixed(0));
      if (directCpu !== undefined) {
        // The machine's slow periods show here first: a bare node:http server's cost about doubles in them
        // (router/README.md, "Why the numbers swing"), and styx / nginx falls in the same rounds.
        notes.push(
          `direct (a bare node:http server) CPU per request round by round: ${directCpu.join(', ')} µs; about twice as high in the machine's slow periods, which slow every Node contender and nginx far less`,
        );
      }
      rows.push(...ratioRow(`${FLOOR} / nginx`, throughput(FLOOR) ?? 0, 'nginx', throughput('nginx')));
      noteRoundsAgainstNginx(FLOOR);
      for (const workers of STYX_WORKER_COUNTS) {
        const name = styxName(workers);
        const styx = throughput(name) ?? 0;
        rows.push(...ratioRow(`${name} / direct`, styx, 'direct', throughput('direct')));
        rows.push(...ratioRow(`${name} / nginx`, styx, 'nginx', throughput('nginx'), '≥ 0.5'));
        noteRoundsAgainstNginx(name);
        rows.push(...ratioRow(`${name} / http-proxy`, styx, 'http-proxy', throughput('http-proxy'), '> 1'));
        rows.push(
          ...ratioRow(
            `${name} / undici forwarder`,
            styx,
            'undici forwarder',
            throughput('undici forwarder'),
            '> 1',
          ),
        );
        if (workers === 1) rows.push(...ratioRow(`${name} / ${FLOOR}`, styx, FLOOR, throughput(FLOOR)));
        // CPU per request the other way round (contender ÷ styx), so that above 1 means styx is cheaper.
        for (const anchor of ['nginx', 'undici forwarder', FLOOR]) {
          const styxCpu = cpuPerRequest(name);
          const anchorCpu = cpuPerRequest(anchor);
          if (styxCpu === undefined || anchorCpu === undefined) continue;
          rows.push({
            metric: `${name} CPU per request vs ${anchor}`,
            value: styxCpu,
            unit: 'µs',
            anchor: { name: `${anchor} CPU per request`, value: anchorCpu },
            ratio: anchorCpu / styxCpu,
            aim: 'ratio = anchor ÷ styx; higher is cheaper',
          });
        }
      }
      return { benchmark: 'styx throughput', rows, notes };
    } finally {
      await Promise.all(contenders.map((contender) => contender.stop()));
      await rm(directory, { recursive: true, force: true });
    }
  },
};

export default benchmark;

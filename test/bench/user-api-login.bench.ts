/** user-api: login throughput against the machine's scrypt limit, and a cheap route's p99 while logins saturate the CPU. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { findFreePort } from '@tidepool/kit/testing';
import { SESSION_TOKEN_HEADER } from '@tidepool/spec';
import { createPasswordHasher } from '@tidepool/user-api';
import type { BenchReport, Benchmark } from './bench-report.js';

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));
/** user-api's production defaults (an OWASP-listed equivalent of N=2^17, r=8, p=1). */
const PARAMETERS = { logN: 14, r: 8, p: 5 } as const;
/** user-api's default: as many hashes at once as there are cores. */
const CONCURRENCY = availableParallelism();
const SCRYPT_SECONDS = 8;
const THROUGHPUT_SECONDS = 15;
const STORM_SECONDS = 15;
/** Clients logging in at once: enough to keep the server's hash queue full. */
const LOGIN_CLIENTS = 4 * CONCURRENCY;
const PROBE_INTERVAL_MILLISECONDS = 25;
const WARM_UP_SECONDS = 3;

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? Number.NaN;
}

/** Hashes per second in a tight loop, with user-api's own hasher (same parameters, same concurrency). */
async function scryptLimit(seconds: number): Promise<number> {
  const hasher = createPasswordHasher({ parameters: PARAMETERS, concurrency: CONCURRENCY });
  await hasher.hash('warm up');
  let done = 0;
  const deadline = performance.now() + seconds * 1000;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY * 2 }, async () => {
      while (performance.now() < deadline) {
        await hasher.hash('correct horse battery staple');
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - startedAt) / 1000);
}

/** user-api's own main.ts in a child process, on an embedded database in a fresh folder. */
async function startUserApi(port: number, dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ['--conditions=tidepool-source', '--import', 'tsx', 'server/user-api/src/main.ts'],
    {
      cwd: REPOSITORY,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        SERVER_SECRET: randomBytes(32).toString('base64url'),
        HAKKEN_COORDINATORS: '',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`user-api exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/status`)).ok) return { url, child };
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error('user-api did not start');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function signUp(url: string, index: number) {
  const email = `bench-${index}-${randomBytes(4).toString('hex')}@example.org`;
  const password = `bench passphrase ${randomBytes(6).toString('hex')}`;
  const response = await fetch(`${url}/user`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ emails: [email], password }),
  });
  if (response.status !== 201) throw new Error(`signup answered ${response.status}`);
  await response.body?.cancel();
  return { email, password, token: response.headers.get(SESSION_TOKEN_HEADER) ?? '' };
}

/** Logins as fast as the clients get answers, for `seconds`: how many, and how many per second. */
async function loginStorm(
  url: string,
  users: readonly { email: string; password: string }[],
  seconds: number,
) {
  let logins = 0;
  const deadline = performance.now() + seconds * 1000;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: LOGIN_CLIENTS }, async (_, client) => {
      for (let round = 0; performance.now() < deadline; round += 1) {
        const user = users[(client + round) % users.length];
        if (user === undefined) break;
        const basic = Buffer.from(`${user.email}:${user.password}`).toString('base64');
        const response = await fetch(`${url}/login`, {
          method: 'POST',
          headers: { authorization: `Basic ${basic}` },
        });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`login answered ${response.status}`);
        logins += 1;
      }
    }),
  );
  return { logins, perSecond: logins / ((performance.now() - startedAt) / 1000) };
}

/** Latencies of `GET /user`, one request at a time every interval, until `until` resolves. */
async function probe(url: string, token: string, until: Promise<unknown>): Promise<number[]> {
  let stopped = false;
  void until.then(() => (stopped = true));
  const latencies: number[] = [];
  while (!stopped) {
    const startedAt = performance.now();
    const response = await fetch(`${url}/user`, { headers: { [SESSION_TOKEN_HEADER]: token } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET /user answered ${response.status}`);
    latencies.push(performance.now() - startedAt);
    await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MILLISECONDS));
  }
  return latencies;
}

async function run(): Promise<BenchReport> {
  const dataDir = await mkdtemp(join(tmpdir(), 'user-api-bench-'));
  const limitBefore = await scryptLimit(SCRYPT_SECONDS);
  const { url, child } = await startUserApi(await findFreePort(), dataDir);
  try {
    const users: Awaited<ReturnType<typeof signUp>>[] = [];
    for (let index = 0; index < 8; index += 1) users.push(await signUp(url, index));
    const probeToken = users[0]?.token ?? '';
    // The first requests of a new process compile its code: probed, then dropped.
    await probe(url, probeToken, new Promise((resolve) => setTimeout(resolve, WARM_UP_SECONDS * 1000)));
    // As many probes without logins as during the storm, so that both p99s come from alike counts.
    const idle = await probe(
      url,
      probeToken,
      new Promise((resolve) => setTimeout(resolve, STORM_SECONDS * 1000)),
    );

    const throughput = await loginStorm(url, users, THROUGHPUT_SECONDS);
    // The storm again, with the cheap route probed meanwhile (the probes take some CPU themselves,
    // so the throughput above is measured without them).
    const storm = loginStorm(url, users, STORM_SECONDS);
    const loaded = await probe(url, probeToken, storm);
    const stormed = await storm;
    await stop(child);
    const limitAfter = await scryptLimit(SCRYPT_SECONDS);
    const limit = (limitBefore + limitAfter) / 2;
    const loginsPerSecond = throughput.perSecond;
    const p99 = percentile(loaded, 0.99);
    return {
      benchmark: 'user-api login',
      rows: [
        {
          metric: 'login throughput',
          value: loginsPerSecond,
          unit: '/s',
          anchor: { name: 'scrypt hashes in a tight loop, same parameters and concurrency', value: limit },
          ratio: loginsPerSecond / limit,
          aim: '≥ 0.9',
        },
        {
          metric: 'GET /auth/user p99 during the login storm',
          value: p99,
          unit: 'ms',
          anchor: { name: 'p99 without logins', value: percentile(idle, 0.99) },
          ratio: p99 / percentile(idle, 0.99),
          aim: 'value < 20 ms',
        },
      ],
      notes: [
        `scrypt logN=${PARAMETERS.logN} r=${PARAMETERS.r} p=${PARAMETERS.p}, ${CONCURRENCY} hashes at once on ${availableParallelism()} cores; ` +
          `scrypt limit ${limitBefore.toFixed(2)} before and ${limitAfter.toFixed(2)} hashes/s after the storm`,
        `${LOGIN_CLIENTS} login clients: ${throughput.logins} logins in ${THROUGHPUT_SECONDS} s without probes; then ` +
          `${stormed.logins} logins in ${STORM_SECONDS} s with ${loaded.length} probes of GET /user ` +
          `(p50 ${percentile(loaded, 0.5).toFixed(1)} ms; without logins ${idle.length} probes, ` +
          `p50 ${percentile(idle, 0.5).toFixed(1)} ms, after ${WARM_UP_SECONDS} s of warm-up); ` +
          `user-api is its own process (main.ts, PGlite)`,
      ],
    };
  } finally {
    await stop(child);
    await rm(dataDir, { recursive: true, force: true });
  }
}

const benchmark: Benchmark = { name: 'user-api login', run };
export default benchmark;

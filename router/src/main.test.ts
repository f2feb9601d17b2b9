import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestUpstream, type TestUpstream } from './testing/test-upstream.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const MEGABYTE = 1024 * 1024;

interface StyxProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly adminUrl: string;
  readonly lines: Record<string, unknown>[];
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

const children: ChildProcess[] = [];
const upstreams: TestUpstream[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await Promise.all(upstreams.splice(0).map((upstream) => upstream.kill()));
});

/** Starts `main.ts` as its own process and waits for its "listening" line. */
function startStyxProcess(env: Record<string, string>): Promise<StyxProcess> {
  const child = spawn(process.execPath, ['--conditions=tidepool-source', '--import', 'tsx', MAIN], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', STYX_ADMIN_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: Record<string, unknown>[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      for (const text of complete) {
        const line = JSON.parse(text) as Record<string, unknown>;
        lines.push(line);
        if (line.msg === 'styx listening') {
          resolve({ child, url: String(line.url), adminUrl: String(line.adminUrl), lines, exited });
        }
      }
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    void exited.then((code) => {
      reject(new Error(`styx exited with ${String(code)} before listening: ${errors}`));
    });
  });
}

/** Resident memory of a process, now and at its peak (Linux /proc). */
async function memoryOf(pid: number): Promise<{ residentBytes: number; peakBytes: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kilobytes = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { residentBytes: kilobytes('VmRSS') * 1024, peakBytes: kilobytes('VmHWM') * 1024 };
}

/** Downloads a URL, counting the bytes without keeping them. */
function download(url: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { agent: false }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, bytes });
      });
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

function staticRules(url: string): string {
  return JSON.stringify({
    hosts: { '*': [{ name: 'files', pathPrefix: '/', target: { upstreams: [url] } }] },
  });
}

describe('styx as a process', () => {
  it('streams a 200 MB answer through with its memory staying bounded', async () => {
    const total = 200 * MEGABYTE;
    const WARM_UP_BYTES = 32 * MEGABYTE;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const files = await startTestUpstream('files', (request, response) => {
      const size = request.url === '/warm-up' ? WARM_UP_BYTES : total;
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
      let sent = 0;
      // Writes only as fast as the reader takes it, as a real file server does.
      const pump = (): void => {
        while (sent < size) {
          sent += chunk.length;
          if (!response.write(chunk)) {
            response.once('drain', pump);
            return;
          }
        }
        response.end();
      };
      pump();
    });
    upstreams.push(files);
    const styx = await startStyxProcess({ STYX_RULES: staticRules(files.url) });
    const pid = styx.child.pid as number;
    // A smaller stream first: the heap grows once to its working size (its young generation,
    // compiled code) whatever the answer's size, and under a loaded machine that alone came
    // near the bound. What is measured is what the 200 MB answer adds.
    expect(await download(`${styx.url}/warm-up`)).toEqual({ status: 200, bytes: WARM_UP_BYTES });
    const before = await memoryOf(pid);

    const result = await download(`${styx.url}/export.bin`);
    const after = await memoryOf(pid);

    expect(result).toEqual({ status: 200, bytes: total });
    // The peak over the whole transfer, compared to the resident size before it.
    expect(after.peakBytes - before.residentBytes).toBeLessThan(64 * MEGABYTE);
  }, 120_000);

  it('stops cleanly on SIGTERM after finishing the request in flight', async () => {
    let release: (() => void) | undefined;
    const slow = await startTestUpstream('slow', (_request, response) => {
      release = () => response.end('finished');
    });
    upstreams.push(slow);
    const styx = await startStyxProcess({ STYX_RULES: staticRules(slow.url) });

    const inFlight = download(`${styx.url}/long`);
    while (release === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
    styx.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));
    release();
    const answer = await inFlight;
    const code = await styx.exited;

    expect(answer).toEqual({ status: 200, bytes: 'finished'.length });
    expect(code).toBe(0);
    expect(styx.lines.map((line) => line.msg)).toContain('shut down');
  });

  it('refuses to start with invalid rules and says where the problems are', async () => {
    const child = spawn(process.execPath, ['--conditions=tidepool-source', '--import', 'tsx', MAIN], {
      env: {
        ...process.env,
        PORT: '0',
        STYX_ADMIN_PORT: '0',
        STYX_RULES: JSON.stringify({
          hosts: { '*': [{ pathPrefix: 'auth', target: { upstreams: ['ftp://x'] } }] },
        }),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    const code = await new Promise((resolve) => child.once('exit', resolve));

    expect(code).toBe(1);
    expect(errors).toContain('Invalid styx rules in STYX_RULES (2 problems)');
    expect(errors).toContain("hosts.*.0.pathPrefix: must be '/' or a path such as '/auth'");
    expect(errors).toContain('hosts.*.0.target');
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDeadline } from './deadline.js';

/**
 * An HTTP server in another process (this one will be stalled) that answers 50 ms after each
 * request, then writes the file named by the request's query: the answer has left.
 */
const SLOW_ANSWER = `
  const { writeFileSync } = require('node:fs');
  const server = require('node:http').createServer((request, response) => {
    const marker = new URL(request.url, 'http://x').searchParams.get('marker');
    setTimeout(() => response.end('{"ok":true}', () => { if (marker) writeFileSync(marker, ''); }), 50);
  });
  server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

/**
 * Blocks this process's event loop, as a long synchronous task does, until the server has sent
 * its answer and at least `milliseconds` have passed (at most 10 s, should the server be gone).
 */
function stallUntilAnswered(marker: string, milliseconds: number): void {
  const started = performance.now();
  while (performance.now() - started < 10_000) {
    if (performance.now() - started >= milliseconds && existsSync(marker)) return;
  }
}

let calls = 0;

/** A call whose answer comes while this process is stalled past its deadline of 100 ms; its outcome. */
async function callThroughStall(url: string, directory: string, signal: AbortSignal): Promise<string> {
  calls += 1;
  const marker = join(directory, `answered-${calls}`);
  const answer = fetch(`${url}?marker=${encodeURIComponent(marker)}`, { signal }).then((response) =>
    response.text(),
  );
  // The request goes out; the stall starts before the answer comes (at ~50 ms) and lasts past
  // the deadline. It is not in a timer (libuv would not run a timer that fell due meanwhile in
  // the same phase) but where a request handler runs, between two polls: timers come first after it.
  await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise<void>((resolve) => {
    setImmediate(() => {
      stallUntilAnswered(marker, 200);
      resolve();
    });
  });
  return answer.catch((error: unknown) => (error instanceof Error ? error.name : String(error)));
}

describe('startDeadline', () => {
  let child: ChildProcess;
  let url: string;
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'deadline-'));
    child = spawn(process.execPath, ['-e', SLOW_ANSWER], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [port] = (await once(child.stdout!, 'data')) as [Buffer];
    url = `http://127.0.0.1:${port.toString().trim()}/`;
    // A first call, so that connecting is not part of what is measured.
    await fetch(url).then((response) => response.text());
  });
  afterAll(async () => {
    child.kill();
    await rm(directory, { recursive: true, force: true });
  });

  it('reads an answer that came in time while this process was busy past the deadline', async () => {
    const deadline = startDeadline(100);
    try {
      expect(await callThroughStall(url, directory, deadline.signal)).toBe('{"ok":true}');
    } finally {
      deadline.clear();
    }
  });

  it('is what makes the difference: AbortSignal.timeout aborts the same call', async () => {
    expect(await callThroughStall(url, directory, AbortSignal.timeout(100))).toBe('TimeoutError');
  });

  describe('against a server that never answers', () => {
    let silent: Server;
    let silentUrl: string;
    beforeAll(async () => {
      silent = createServer(() => undefined);
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const address = silent.address();
      silentUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/`;
    });
    afterAll(() => {
      silent.closeAllConnections();
      silent.close();
    });

    it('aborts the call with a TimeoutError at the deadline', async () => {
      const deadline = startDeadline(50);
      const error = await fetch(silentUrl, { signal: deadline.signal }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ name: 'TimeoutError' });
      expect(deadline.signal.aborted).toBe(true);
    });

    it('never aborts once cleared', async () => {
      const deadline = startDeadline(20);
      deadline.clear();
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(deadline.signal.aborted).toBe(false);
    });
  });
});

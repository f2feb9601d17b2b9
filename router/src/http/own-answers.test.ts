import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ProblemSchema } from '@tidepool/spec';
import { startStyx, type RunningStyx } from '../start-styx.js';
import { sendRequest } from '../testing/send-request.js';

const opened: RunningStyx[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((styx) => styx.close()));
});

async function styx(): Promise<RunningStyx> {
  const started = await startStyx({
    rules: { hosts: { '*': [{ pathPrefix: '/auth', target: { upstreams: ['http://127.0.0.1:9'] } }] } },
    admin: false,
  });
  opened.push(started);
  return started;
}

/** Writes bytes on a raw connection and reads until the server closes it. */
function rawExchange(url: string, bytes: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

function parseAnswer(text: string): { statusLine: string; headers: string; body: unknown } {
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  return { statusLine, headers: headerLines.join('\n').toLowerCase(), body: JSON.parse(body) };
}

describe("styx's own answers", () => {
  it('carry the security headers of the services on problems and on /status', async () => {
    const router = await styx();
    for (const path of ['/nowhere', '/status']) {
      const answer = await sendRequest(`${router.url}${path}`);
      expect(answer.headers['x-content-type-options'], path).toBe('nosniff');
      expect(answer.headers['content-security-policy'], path).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(answer.headers['x-frame-options'], path).toBe('DENY');
    }
  });

  it('answers request headers over 16 KiB with a 431 problem, not a bare status line', async () => {
    const router = await styx();
    const text = await rawExchange(
      router.url,
      `GET /auth/status HTTP/1.1\r\nhost: x\r\nx-huge: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    const { statusLine, headers, body } = parseAnswer(text);
    expect(statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(headers).toContain('content-type: application/problem+json');
    expect(headers).toContain('x-content-type-options: nosniff');
    expect(ProblemSchema.parse(body)).toMatchObject({ status: 431, code: 'HEADERS_TOO_LARGE' });
  });

  it('answers a request that is not HTTP with a 400 problem', async () => {
    const router = await styx();
    const { statusLine, body } = parseAnswer(await rawExchange(router.url, 'HELLO THERE\r\n\r\n'));
    expect(statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(ProblemSchema.parse(body)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });
});

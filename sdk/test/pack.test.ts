// Packs @tidepool/spec and @tidepool/sdk as npm would publish them, installs both in a throwaway
// project, and uses them from there: the compiled types under strict NodeNext, and the built
// JavaScript with `instanceof` on the error classes.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');

/** npm's own variables of the outer `npm test` would steer the inner npm commands (workspace, package). */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^npm_(package|lifecycle|config_workspaces?$)/i.test(name),
    ),
  );
}

async function sh(command: string, args: string[], cwd: string): Promise<string> {
  const { stdout } = await run(command, args, { cwd, env: cleanEnvironment(), maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

const consumerTypeScript = `
import { createClient, NotFoundError, TidepoolError, UnauthorizedError } from '@tidepool/sdk';
import type { ClientOptions, StoredDatum, Summary, User } from '@tidepool/sdk';

const options: ClientOptions = {
  baseUrl: 'https://api.example.org',
  fetch: (_url, _init) => Promise.resolve(new Response(null, { status: 204 })),
  retry: { maxAttempts: 2 },
};
const client = createClient(options);

export async function main(): Promise<number> {
  const user: User = await client.login('ann@example.com', 'correct horse battery');
  const readings: StoredDatum[] = await client.data.query(user.userid, { type: 'cbg', startDate: '2024-05-01T00:00:00Z' });
  const summary: Summary = await client.data.summary(user.userid, { startDate: '2024-05-01T00:00:00Z', endDate: '2024-05-15T00:00:00Z' });
  await client.access.setPermissions(user.userid, 'f0f0f0f0f0', { view: {} });
  await client.messages.send(user.userid, { timestamp: '2024-05-01T08:30:00.000Z', messagetext: 'Low after breakfast.' });
  try {
    await client.auth.getUser('0123456789');
  } catch (error) {
    if (error instanceof NotFoundError) return error.status;
    if (error instanceof UnauthorizedError) await client.logout();
    if (error instanceof TidepoolError) console.error(error.code, error.requestId);
    throw error;
  }
  // @ts-expect-error createClient's options are checked at compile time too.
  createClient({ baseUrl: 'https://api.example.org', retries: 3 });
  return readings.length + summary.readings + (client.session === null ? 0 : 1);
}
`;

const consumerJavaScript = `
import { createClient, NotFoundError, TidepoolError, ConnectionError } from '@tidepool/sdk';

const answers = [
  new Response(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, code: 'NOT_FOUND', requestId: 'r-1', detail: 'No such user.' }), {
    status: 404,
    headers: { 'content-type': 'application/problem+json' },
  }),
];
const client = createClient({ baseUrl: 'https://api.example.org', fetch: async () => answers.shift() });
try {
  await client.auth.getUser('0123456789');
  console.log(JSON.stringify({ thrown: false }));
} catch (error) {
  console.log(JSON.stringify({
    notFound: error instanceof NotFoundError,
    tidepool: error instanceof TidepoolError,
    connection: error instanceof ConnectionError,
    name: error.name,
    code: error.code,
    message: error.message,
    requestId: error.requestId,
  }));
}
`;

describe('the packed SDK', { timeout: 300_000 }, () => {
  let consumer = '';

  beforeAll(async () => {
    await sh('npm', ['run', 'build', '--workspace', 'spec', '--workspace', 'sdk'], root);
    consumer = await mkdtemp(join(tmpdir(), 'tidepool-sdk-consumer-'));
    const packed = JSON.parse(
      await sh(
        'npm',
        ['pack', '--workspace', 'spec', '--workspace', 'sdk', '--json', '--pack-destination', consumer],
        root,
      ),
    ) as { filename: string }[];
    const tarballs = packed.map((entry) => join(consumer, entry.filename));
    await writeFile(
      join(consumer, 'package.json'),
      JSON.stringify({ name: 'sdk-consumer', private: true, type: 'module' }, null, 2),
    );
    await writeFile(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          lib: ['ES2022', 'DOM'],
          types: [],
          noEmit: true,
          skipLibCheck: false,
        },
        files: ['consumer.ts'],
      }),
    );
    await writeFile(join(consumer, 'consumer.ts'), consumerTypeScript);
    await writeFile(join(consumer, 'consumer.mjs'), consumerJavaScript);
    await sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs], consumer);
  }, 300_000);

  afterAll(async () => {
    if (consumer !== '') await rm(consumer, { recursive: true, force: true });
  });

  it('compiles a strict NodeNext TypeScript program against the published types', async () => {
    await expect(sh(process.execPath, [tsc, '-p', 'tsconfig.json'], consumer)).resolves.toBe('');
  });

  it('throws error classes from dist that instanceof recognises', async () => {
    const output = JSON.parse(await sh(process.execPath, ['consumer.mjs'], consumer)) as Record<
      string,
      unknown
    >;
    expect(output).toEqual({
      notFound: true,
      tidepool: true,
      connection: false,
      name: 'NotFoundError',
      code: 'NOT_FOUND',
      message: 'No such user.',
      requestId: 'r-1',
    });
  });
});

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('main.ts', () => {
  // On a fresh checkout the process bundles the app before it listens: allow for a slow build.
  it(
    'serves the app on the configured host, logs JSON lines, and exits 0 on SIGTERM',
    { timeout: 180_000 },
    async () => {
      const child = spawn(process.execPath, ['--conditions=tidepool-source', '--import', 'tsx', MAIN], {
        env: {
          ...process.env,
          NODE_ENV: 'production',
          HOST: '127.0.0.1',
          PORT: '0',
          LOG_LEVEL: 'info',
          HAKKEN_COORDINATORS: '',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = once(child, 'exit');
      try {
        let url: string | undefined;
        for await (const line of createInterface({ input: child.stdout })) {
          const entry = JSON.parse(line) as { msg?: string; url?: string; service?: string };
          expect(entry.service).toBe('portal');
          if (entry.msg?.startsWith('listening') === true) {
            url = entry.url;
            break;
          }
        }
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        const status = await fetch(`${url ?? ''}/status`);
        expect(await status.json()).toMatchObject({ service: 'portal', status: 'ok' });
        const home = await fetch(`${url ?? ''}/`);
        expect(await home.text()).toMatch(
          /<script type="module" crossorigin src="\/assets\/index-[\w-]+\.js"><\/script>/,
        );

        child.kill('SIGTERM');
        const [code] = (await exited) as [number | null];
        expect(code).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
      }
    },
  );

  it('exits 1 and names the variable when the configuration is wrong', async () => {
    const child = spawn(process.execPath, ['--conditions=tidepool-source', '--import', 'tsx', MAIN], {
      env: { ...process.env, PORT: 'not-a-port', HAKKEN_COORDINATORS: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
    expect(errors).toMatch(/^portal: Invalid configuration[\s\S]*PORT/);
  });
});

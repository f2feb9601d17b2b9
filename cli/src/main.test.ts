import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startFakePlatform } from './testing/fake-platform.js';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../bin/tidepool.js', import.meta.url));
const SAMPLE = fileURLToPath(new URL('../samples/clarity-two-weeks.csv', import.meta.url));
const account = { email: 'ann@example.com', password: 'correct horse battery', userid: 'a1b2c3d4e5' };

/** Runs bin/tidepool.js as a user would, and answers its exit code and output. */
async function tidepool(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('the tidepool command', { timeout: 60_000 }, () => {
  it('exits 0 and prints plain progress lines when stdout is not a terminal', async () => {
    await using platform = await startFakePlatform(account);
    const result = await tidepool(
      [
        'import',
        SAMPLE,
        '--url',
        platform.url,
        '--email',
        account.email,
        '--timezone',
        'Europe/Paris',
        '--batch-size',
        '2500',
      ],
      { TIDEPOOL_PASSWORD: account.password },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('batch 1/2: 2500/4135 items sent');
    expect(result.stdout).toContain('Import finished.');
  });

  it('exits 1 when the platform cannot be reached', async () => {
    const result = await tidepool(
      ['import', SAMPLE, '--url', 'http://127.0.0.1:9', '--email', account.email],
      {
        TIDEPOOL_PASSWORD: account.password,
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^tidepool: Login to http:\/\/127\.0\.0\.1:9 failed: .*CONNECTION_FAILED/);
  });

  it('exits 2 on an unknown command and 0 on --help', async () => {
    const unknown = await tidepool(['export']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'export'");
    const help = await tidepool(['import', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--batch-size <count>');
  });
});

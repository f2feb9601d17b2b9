import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';
import { startFakePlatform } from '../testing/fake-platform.js';

const SAMPLE = fileURLToPath(new URL('../../samples/clarity-two-weeks.csv', import.meta.url));
const account = { email: 'ann@example.com', password: 'correct horse battery', userid: 'a1b2c3d4e5' };

/** Runs the command in-process with captured output; `TIDEPOOL_PASSWORD` set unless `env` says otherwise. */
async function run(
  args: string[],
  env: Record<string, string | undefined> = { TIDEPOOL_PASSWORD: account.password },
) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

describe('tidepool import against a data service over HTTP', () => {
  let folder = '';

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'tidepool-cli-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('stores the sample on the first run and nothing new on the second', async () => {
    await using platform = await startFakePlatform(account);
    const args = [
      'import',
      SAMPLE,
      '--url',
      platform.url,
      '--email',
      account.email,
      '--timezone',
      'Europe/Paris',
    ];
    const first = await run(args);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /stored {6}4135\n {2}duplicates {2}0\n {2}rejected {4}0\n {2}skipped {5}4 lines/,
    );
    expect(first.stdout).toContain('batch 5/5: 4135/4135 items sent');
    expect(first.stdout).toContain(
      'clarity-two-weeks.csv: 4,032 CGM readings, 5 meter readings, 41 boluses, 14 injections, ' +
        '42 food entries, 1 upload record; 4 lines skipped.\n',
    );
    expect(first.stdout).toMatch(/"Alert" events are not imported \(4 lines \d+, /);
    expect(platform.stored.filter((datum) => datum.type === 'insulin')).toHaveLength(14);
    expect(platform.stored.filter((datum) => datum.type === 'cbg')).toHaveLength(4032);

    const second = await run(args);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/stored {6}0\n {2}duplicates {2}4135\n/);
    expect(platform.stored).toHaveLength(4135);
  });

  it('reports a refused batch with its field errors, stores the others and exits 1', async () => {
    await using platform = await startFakePlatform({
      ...account,
      refuse: (datum) =>
        datum.type === 'food' && datum.nutrition?.carbohydrate?.net === 115 ? 'implausible meal' : undefined,
    });
    const result = await run([
      'import',
      SAMPLE,
      '--url',
      platform.url,
      '--email',
      account.email,
      '--timezone',
      'Europe/Paris',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/rejected {4}1000\n/);
    expect(result.stdout).toMatch(
      /batch 3, items 2000–2999: 400 VALIDATION_FAILED: Some data are invalid\. \[request fake-request\]\n {4}item \d+\.value: implausible meal/,
    );
    expect(platform.uploadRequests).toBe(5);
    expect(platform.stored).toHaveLength(3135);
  });

  it('imports a Tidepool JSON file and counts its upload record', async () => {
    await using platform = await startFakePlatform(account);
    const path = join(folder, 'export.json');
    const datum = {
      type: 'smbg',
      time: '2024-05-01T08:00:00Z',
      deviceId: 'Meter_1',
      uploadId: 'upid_json',
      units: 'mg/dL',
      value: 104,
    };
    await writeFile(path, JSON.stringify([datum, { ...datum, value: -3 }]));
    const result = await run(['import', path, '--url', platform.url, '--email', account.email]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/stored {6}1\n/);
    expect(result.stdout).toMatch(/Skipped items:\n {2}value: .* \(item 2\)/);
  });

  it('takes the platform from TIDEPOOL_URL when --url is not given, and --url over it', async () => {
    await using platform = await startFakePlatform(account);
    const args = ['import', SAMPLE, '--email', account.email, '--timezone', 'Europe/Paris'];
    const fromEnv = await run(args, { TIDEPOOL_PASSWORD: account.password, TIDEPOOL_URL: platform.url });
    expect(fromEnv.stderr).toBe('');
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stdout).toMatch(/stored {6}4135\n/);
    // Nothing listens on port 9 of loopback (discard): --url must win, or the login fails.
    const overridden = await run([...args, '--url', platform.url], {
      TIDEPOOL_PASSWORD: account.password,
      TIDEPOOL_URL: 'http://127.0.0.1:9',
    });
    expect(overridden.stderr).toBe('');
    expect(overridden.code).toBe(0);
    expect(overridden.stdout).toMatch(/stored {6}0\n {2}duplicates {2}4135\n/);
    const wrong = await run(args, { TIDEPOOL_PASSWORD: account.password, TIDEPOOL_URL: 'not a url' });
    expect(wrong).toMatchObject({ code: 2, stderr: 'tidepool: TIDEPOOL_URL "not a url" is not a URL.\n' });
    const wrongOption = await run([...args, '--url', 'nope'], {
      TIDEPOOL_PASSWORD: account.password,
      TIDEPOOL_URL: platform.url,
    });
    expect(wrongOption).toMatchObject({ code: 2, stderr: 'tidepool: --url "nope" is not a URL.\n' });
  });

  it('exits 1 with the problem detail when the login is refused', async () => {
    await using platform = await startFakePlatform(account);
    const result = await run(['import', SAMPLE, '--url', platform.url, '--email', account.email], {
      TIDEPOOL_PASSWORD: 'wrong',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `tidepool: Login to ${platform.url} failed: Wrong email or password. (401 UNAUTHORIZED, request fake-request)\n`,
    );
    expect(platform.uploadRequests).toBe(0);
  });

  it('exits 1 with the detail when the account may not upload for the user named by --for', async () => {
    await using platform = await startFakePlatform(account);
    const result = await run([
      'import',
      SAMPLE,
      '--url',
      platform.url,
      '--email',
      account.email,
      '--for',
      'ffffffffff',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('upload stopped: Uploading needs upload permission. (403 FORBIDDEN');
    expect(result.stdout).toContain('Running the same command again is safe');
  });

  it('exits 2 when the command is wrong: no password, no file, a bad option, not a device file', async () => {
    const missingPassword = await run(['import', SAMPLE, '--email', account.email], {});
    expect(missingPassword).toMatchObject({
      code: 2,
      stderr: 'tidepool: No password: set TIDEPOOL_PASSWORD (or pass --password).\n',
    });
    const missingFile = await run(['import', join(folder, 'nothing.csv'), '--email', account.email]);
    expect(missingFile.code).toBe(2);
    expect(missingFile.stderr).toContain('no such file');
    expect((await run(['import', SAMPLE, '--email', account.email, '--batch-size', '0'])).code).toBe(2);
    expect((await run(['import', SAMPLE, '--email', account.email, '--concurrency', '9'])).code).toBe(2);
    expect((await run(['import', SAMPLE])).code).toBe(2);
    const notClarity = join(folder, 'people.csv');
    await writeFile(notClarity, 'name,age\nAnn,3\n');
    const wrongFile = await run(['import', notClarity, '--email', account.email]);
    expect(wrongFile.code).toBe(2);
    expect(wrongFile.stderr).toContain('Not a Dexcom Clarity CSV export');
    expect((await run(['import', SAMPLE, '--email', account.email, '--timezone', 'Mars/Base'])).code).toBe(2);
  });
});

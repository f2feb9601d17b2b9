// The importer against the real data service (`@tidepool/data/testing`) on PGlite: login is faked,
// uploads go to data over HTTP with the contract's validation, storage and duplicate check.
import { fileURLToPath } from 'node:url';
import { send, startDataFixture } from '@tidepool/data/testing';
import type { DataFixture, FixtureUser } from '@tidepool/data/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../run-cli.js';
import { startFakePlatform } from '../testing/fake-platform.js';

const SAMPLE = fileURLToPath(new URL('../../samples/clarity-two-weeks.csv', import.meta.url));

async function run(args: string[]) {
  let stdout = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stdout += text) },
    env: { TIDEPOOL_PASSWORD: 'correct horse battery' },
  };
  return { code: await runCli(args, io), stdout };
}

describe('tidepool import into the real data service', { timeout: 120_000 }, () => {
  let data: DataFixture;
  let patient: FixtureUser;

  beforeAll(async () => {
    data = await startDataFixture('pglite');
    patient = data.addUser();
  }, 120_000);
  afterAll(async () => {
    await data.close();
  });

  it('stores the two-week sample once, and everything is a duplicate the second time', async () => {
    await using platform = await startFakePlatform({
      email: 'ann@example.com',
      password: 'correct horse battery',
      userid: patient.userid,
      dataService: { url: data.url, token: patient.token },
    });
    const args = [
      'import',
      SAMPLE,
      '--url',
      platform.url,
      '--email',
      'ann@example.com',
      '--timezone',
      'Europe/Paris',
    ];
    const first = await run(args);
    expect(first.stdout).toContain('Import finished.');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/stored {6}4135\n {2}duplicates {2}0\n {2}rejected {4}0\n/);

    const second = await run(args);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/stored {6}0\n {2}duplicates {2}4135\n {2}rejected {4}0\n/);

    const readings = (await (
      await send(data, 'GET', `/${patient.userid}?type=cbg`, { token: patient.token })
    ).json()) as unknown[];
    expect(readings).toHaveLength(4032);
  });
});

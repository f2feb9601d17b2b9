import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '@tidepool/kit/testing';
import { appSourceFingerprint, FINGERPRINT_FILE } from './app-source-fingerprint.js';
import { ensureAppBuilt } from './ensure-app-built.js';

describe('appSourceFingerprint', () => {
  let repository: string;

  beforeEach(async () => {
    repository = await mkdtemp(join(tmpdir(), 'portal-fingerprint-'));
    await mkdir(join(repository, 'portal/app/src'), { recursive: true });
    await writeFile(join(repository, 'portal/app/src/main.ts'), 'export {};');
    await writeFile(join(repository, 'portal/package.json'), '{}');
  });

  afterEach(async () => {
    await rm(repository, { recursive: true, force: true });
  });

  it('changes when a source file changes or appears, and not when a test does', async () => {
    const first = await appSourceFingerprint(repository);
    expect(await appSourceFingerprint(repository)).toBe(first);

    await writeFile(join(repository, 'portal/app/src/main.test.ts'), 'it();');
    expect(await appSourceFingerprint(repository)).toBe(first);

    await writeFile(join(repository, 'portal/app/src/main.ts'), 'export const changed = 1;');
    const second = await appSourceFingerprint(repository);
    expect(second).not.toBe(first);

    await mkdir(join(repository, 'sdk/src'), { recursive: true });
    await writeFile(join(repository, 'sdk/src/index.ts'), 'export {};');
    expect(await appSourceFingerprint(repository)).not.toBe(second);
  });
});

describe('ensureAppBuilt', () => {
  it('leaves a bundle whose fingerprint matches the sources as it is', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'portal-built-'));
    try {
      await writeFile(join(folder, FINGERPRINT_FILE), `${await appSourceFingerprint()}\n`);
      await writeFile(join(folder, 'index.html'), 'the current bundle');
      expect(await ensureAppBuilt(silentLogger(), folder)).toBe(folder);
      expect(await readFile(join(folder, 'index.html'), 'utf8')).toBe('the current bundle');
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOCAL_SECRET_NAMES, readLocalSecrets } from './local-secrets.js';

const directories: string[] = [];
function dataDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'shio-secrets-'));
  directories.push(directory);
  return directory;
}

afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('the local secrets', () => {
  it('are made once, written only on save with mode 0600, and reused by the next start', () => {
    const directory = dataDirectory();
    const first = readLocalSecrets(directory);
    expect(first.generated).toEqual(LOCAL_SECRET_NAMES);
    expect(() => statSync(first.path)).toThrow();
    first.save();
    expect(statSync(first.path).mode & 0o777).toBe(0o600);
    const second = readLocalSecrets(directory);
    expect(second.generated).toEqual([]);
    expect(second.secrets).toEqual(first.secrets);
    expect(new Set(Object.values(first.secrets)).size).toBe(LOCAL_SECRET_NAMES.length);
  });

  it('adds a missing secret without changing the others', () => {
    const directory = dataDirectory();
    const first = readLocalSecrets(directory);
    first.save();
    const { DATA_SALT_DEPLOY: _dropped, ...others } = first.secrets;
    writeFileSync(first.path, JSON.stringify(others), { mode: 0o600 });
    const second = readLocalSecrets(directory);
    expect(second.generated).toEqual(['DATA_SALT_DEPLOY']);
    expect(second.secrets.SERVER_SECRET).toBe(first.secrets.SERVER_SECRET);
  });

  it('refuses a damaged file instead of replacing secrets that data depends on, and never quotes it', () => {
    const directory = dataDirectory();
    writeFileSync(join(directory, 'secrets.json'), '{"SERVER_SECRET": "short-secret-value"}');
    expect(() => readLocalSecrets(directory)).toThrow(/SERVER_SECRET must be a string of at least 32/);
    writeFileSync(join(directory, 'secrets.json'), 'not json hunter2');
    expect(() => readLocalSecrets(directory)).toThrow(/is not valid JSON/);
    expect(() => readLocalSecrets(directory)).not.toThrow(/hunter2/);
    expect(readFileSync(join(directory, 'secrets.json'), 'utf8')).toBe('not json hunter2');
  });

  it('tightens the mode of an existing file that others could read', () => {
    const directory = dataDirectory();
    const secrets = readLocalSecrets(directory);
    secrets.save();
    writeFileSync(secrets.path, readFileSync(secrets.path), { mode: 0o644 });
    readFileSync(secrets.path);
    const again = readLocalSecrets(directory);
    again.save();
    expect(statSync(again.path).mode & 0o777).toBe(0o600);
  });
});

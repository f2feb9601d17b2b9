/** The local platform's secrets: made once into `<DATA_DIR>/secrets.json` (mode 0600) and reused (DESIGN.md §6). */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSalt, SERVER_SECRET_MIN_LENGTH } from '@tidepool/kit';

/** The shared server secret and the deploy salt of each encryption system. */
export const LOCAL_SECRET_NAMES = [
  'SERVER_SECRET',
  'METADATA_SALT_DEPLOY',
  'ACCESS_SALT_DEPLOY',
  'MESSAGE_SALT_DEPLOY',
  'DATA_SALT_DEPLOY',
] as const;
export type LocalSecretName = (typeof LOCAL_SECRET_NAMES)[number];
export type LocalSecrets = Readonly<Record<LocalSecretName, string>>;

export interface LocalSecretsFile {
  readonly path: string;
  readonly secrets: LocalSecrets;
  /** The names made now, because the file or they were missing; empty when all were reused. */
  readonly generated: readonly LocalSecretName[];
  /** Writes the file when something was generated (mode 0600, atomically), and tightens its mode. */
  save(): void;
}

/** The file's place in a data directory. */
export function localSecretsPath(dataDirectory: string): string {
  return join(dataDirectory, 'secrets.json');
}

function readExisting(path: string): Partial<Record<LocalSecretName, string>> {
  if (!existsSync(path)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // Never quote the file: it is all secrets.
    throw new Error(
      `${path} is not valid JSON. Fix or remove it (removing it makes new secrets, and the data under them becomes unreadable).`,
    );
  }
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`${path} must hold a JSON object.`);
  const found: Partial<Record<LocalSecretName, string>> = {};
  for (const name of LOCAL_SECRET_NAMES) {
    const value = (parsed as Record<string, unknown>)[name];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length < SERVER_SECRET_MIN_LENGTH) {
      throw new Error(
        `${path}: ${name} must be a string of at least ${SERVER_SECRET_MIN_LENGTH} characters.`,
      );
    }
    found[name] = value;
  }
  return found;
}

/**
 * Reads the secrets of a data directory and makes the missing ones in memory; nothing is
 * written until `save()`, so that a plan with errors leaves no trace. Throws when the file
 * exists but is damaged, rather than replacing secrets that encrypted data depends on.
 */
export function readLocalSecrets(dataDirectory: string): LocalSecretsFile {
  const path = localSecretsPath(dataDirectory);
  const existing = readExisting(path);
  const generated = LOCAL_SECRET_NAMES.filter((name) => existing[name] === undefined);
  const secrets = Object.fromEntries(
    LOCAL_SECRET_NAMES.map((name) => [name, existing[name] ?? generateSalt()]),
  ) as Record<LocalSecretName, string>;
  return {
    path,
    secrets,
    generated,
    save() {
      mkdirSync(dataDirectory, { recursive: true });
      if (generated.length > 0) {
        const temporary = `${path}.${process.pid}.tmp`;
        writeFileSync(temporary, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
        renameSync(temporary, path);
      }
      if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    },
  };
}

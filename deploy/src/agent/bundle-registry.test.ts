import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_SERVICES, DATA_PROCESS_ENVIRONMENT } from './bundle-registry.js';

/** glibc's dynamic loader, which can list the tunables a process would start with. */
const LOADERS = ['/lib64/ld-linux-x86-64.so.2', '/lib/ld-linux-aarch64.so.1'];
const loader = LOADERS.find((path) => existsSync(path));

/** The malloc tunables the loader reads from `environment`, as it lists them (hex). */
function mallocTunables(environment: Readonly<Record<string, string>>): Record<string, string> {
  if (loader === undefined) throw new Error(`No glibc loader at ${LOADERS.join(' or ')}.`);
  const listed = execFileSync(loader, ['--list-tunables'], {
    env: { ...environment },
    encoding: 'utf8',
  });
  const tunables: Record<string, string> = {};
  for (const [, name, value] of listed.matchAll(/^glibc\.malloc\.(\w+): (0x[0-9a-f]+)/gmu)) {
    if (name !== undefined && value !== undefined) tunables[name] = value;
  }
  return tunables;
}

describe("data's process environment", () => {
  // Debian's glibc in CI; a machine without glibc (macOS) has no such loader.
  it.skipIf(loader === undefined && process.env.CI !== 'true')(
    'holds malloc tunables that glibc takes: a misspelt one would be ignored without a word',
    () => {
      expect(BUILT_IN_SERVICES.data?.environment).toBe(DATA_PROCESS_ENVIRONMENT);
      expect(mallocTunables({})).toMatchObject({
        mmap_threshold: '0x0',
        trim_threshold: '0x0',
        top_pad: '0x0',
      });
      expect(mallocTunables(DATA_PROCESS_ENVIRONMENT)).toMatchObject({
        mmap_threshold: `0x${(64 * 1024 * 1024).toString(16)}`,
        trim_threshold: `0x${(256 * 1024 * 1024).toString(16)}`,
        top_pad: `0x${(64 * 1024 * 1024).toString(16)}`,
      });
    },
  );
});

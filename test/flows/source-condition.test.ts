/**
 * Every command that runs the repository's TypeScript with Node names the export condition the
 * workspace packages publish their sources under. A wrong name falls back to `dist/`, which only
 * `npm run build` makes: the command then works after `npm test` and fails on a fresh clone
 * (as `npm run bench -- styx` once did, naming a condition no package exports).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../fixtures/platform-process.js';

interface PackageManifest {
  readonly exports?: Readonly<Record<string, Readonly<Record<string, string>> | string>>;
}

/** The condition a built package lists before `types` and `default`: its TypeScript sources. */
function sourceCondition(packageFolder: string): string | undefined {
  const manifest = JSON.parse(
    readFileSync(join(repositoryRoot, packageFolder, 'package.json'), 'utf8'),
  ) as PackageManifest;
  const main = manifest.exports?.['.'];
  if (typeof main !== 'object') return undefined;
  return Object.entries(main).find(([, target]) => target.endsWith('.ts') && !target.endsWith('.d.ts'))?.[0];
}

const TEXT_FILE = /\.(ts|tsx|mts|js|mjs|json|md|sh|ya?ml)$|^\.ci\//;

/** Every `--conditions` flag in the tracked files, with its file. */
function conditionsNamed(): { file: string; condition: string }[] {
  const files = execFileSync('git', ['ls-files'], { cwd: repositoryRoot, encoding: 'utf8' })
    .split('\n')
    .filter((file) => TEXT_FILE.test(file) && !file.endsWith('package-lock.json'));
  return files.flatMap((file) =>
    [...readFileSync(join(repositoryRoot, file), 'utf8').matchAll(/--conditions[= ]([\w-]+)/g)].map(
      (match) => ({ file, condition: match[1] ?? '' }),
    ),
  );
}

describe('the source export condition', () => {
  const expected = sourceCondition('spec');

  it('is the same for every package built to dist/', () => {
    expect(expected).toBeDefined();
    expect(sourceCondition('sdk')).toBe(expected);
  });

  it('is the one every command of the repository names', () => {
    const named = conditionsNamed();
    // The root scripts (start, spec, bench) are among them: the search finds what it must.
    expect(named.filter(({ file }) => file === 'package.json').length).toBeGreaterThanOrEqual(3);
    expect(named.filter(({ condition }) => condition !== expected)).toEqual([]);
  });
});

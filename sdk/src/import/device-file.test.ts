import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SDK_IMPORT_CLIENT } from './device-file.js';

describe('the importer named in upload records', () => {
  it('carries the version of the SDK package', () => {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(SDK_IMPORT_CLIENT.version).toBe(manifest.version);
  });
});

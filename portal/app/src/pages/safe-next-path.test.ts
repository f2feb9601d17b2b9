import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-next-path.js';

describe('safeNextPath', () => {
  it('goes back to the app page that asked for a login, with its query', () => {
    expect(safeNextPath('/care-team')).toBe('/care-team');
    expect(safeNextPath('/data?day=2024-05-01')).toBe('/data?day=2024-05-01');
  });

  it('goes to the glucose page for anything else: other sites, unknown or signed-out pages', () => {
    for (const next of [
      null,
      '//evil.example/data',
      'https://evil.example/',
      '/nowhere',
      '/login',
      '/\\evil.example',
    ]) {
      expect(safeNextPath(next), String(next)).toBe('/data');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { captureLogs } from './captured-logs.js';

describe('captureLogs', () => {
  it('reads each line with the logger’s fields and the call’s', () => {
    const logs = captureLogs({ service: 'user-api' });
    logs.logger.child({ component: 'erasure' }).info({ step: 'data', nested: { service: 'x' } }, 'done');
    expect(logs.lines()).toEqual([
      expect.objectContaining({
        level: 'info',
        service: 'user-api',
        component: 'erasure',
        step: 'data',
        nested: { service: 'x' },
        msg: 'done',
      }),
    ]);
  });

  it('refuses a line that writes a key twice, which JSON.parse would hide', () => {
    const logs = captureLogs({ service: 'user-api' });
    logs.logger.info({ service: 'data' }, 'erasure acknowledged');
    expect(() => logs.lines()).toThrow(/writes service twice/);
  });

  it('reads keys, not strings that look like them, and nested objects as one value', () => {
    const logs = captureLogs({ service: 's' });
    logs.logger.info({
      reason: 'said "service": twice \\ {',
      list: [{ a: 1 }, { a: 2 }],
      inner: { a: { a: 1 } },
    });
    expect(logs.lines()[0]).toMatchObject({
      reason: 'said "service": twice \\ {',
      list: [{ a: 1 }, { a: 2 }],
    });
  });
});

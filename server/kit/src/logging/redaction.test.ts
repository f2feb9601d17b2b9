import { describe, expect, it } from 'vitest';
import { captureLogs } from '../testing/index.js';
import { censorSecrets, REDACTED } from './redaction.js';

const line = (value: unknown) => JSON.stringify(value) + '\n';

describe('censorSecrets', () => {
  it('returns a line without a secret field as it is', () => {
    const plain = line({ level: 'info', msg: 'request completed', route: 'getUser', keys: 3, tokens: 'x' });
    expect(censorSecrets(plain)).toBe(plain);
  });

  it('censors secret fields at any depth, in arrays too, and keeps everything else in its order', () => {
    const censored = censorSecrets(
      line({
        level: 'info',
        a: { b: { c: { d: { e: { password: 'deep-password', kept: 1 } } } } },
        users: [{ name: 'ann', token: 'array-token' }],
        hash: 'top-hash',
        msg: 'm',
      }),
    );
    expect(censored).toBe(
      line({
        level: 'info',
        a: { b: { c: { d: { e: { password: REDACTED, kept: 1 } } } } },
        users: [{ name: 'ann', token: REDACTED }],
        hash: REDACTED,
        msg: 'm',
      }),
    );
  });

  it('matches names in any case, headers included', () => {
    const censored = censorSecrets(
      line({ headers: { Authorization: 'Basic abc', 'X-Tidepool-Session-Token': 'tok' }, PASSWORD: 'p' }),
    );
    expect(JSON.parse(censored)).toEqual({
      headers: { Authorization: REDACTED, 'X-Tidepool-Session-Token': REDACTED },
      PASSWORD: REDACTED,
    });
  });

  it('leaves a value that merely contains a secret name untouched', () => {
    const quoting = line({ msg: 'the body was {"password":"x"}', detail: 'token: y' });
    expect(censorSecrets(quoting)).toBe(quoting);
  });

  it('keeps a field named __proto__ as a field', () => {
    const text = '{"__proto__":{"kept":1},"secret":"s"}\n';
    expect(censorSecrets(text)).toBe(`{"__proto__":{"kept":1},"secret":"${REDACTED}"}\n`);
  });

  it('withholds a line that names a secret field but is not JSON, and keeps its line ending', () => {
    const broken = '{"password":"hunter2", oops\r\n';
    const result = censorSecrets(broken);
    expect(result).not.toContain('hunter2');
    expect(result.endsWith('}\r\n')).toBe(true);
    expect(JSON.parse(result)).toMatchObject({ level: 'error' });
  });
});

describe('the services’ logger', () => {
  it('censors secrets deeper than the old path list reached, and in what a child logger adds', () => {
    const logs = captureLogs();
    logs.logger
      .child({ session: { token: 'child-token' } })
      .info({ one: { two: { three: { four: { five: { secret: 'five-deep' } } } } } }, 'deep');
    const text = logs.text();
    expect(text).not.toMatch(/child-token|five-deep/);
    expect(logs.lines()[0]).toMatchObject({
      session: { token: REDACTED },
      one: { two: { three: { four: { five: { secret: REDACTED } } } } },
      msg: 'deep',
    });
  });
});

import { describe, expect, it } from 'vitest';
import { substituteVariables } from './plan-variables.js';

describe('substituteVariables', () => {
  it('replaces references in every string, with defaults for unset or empty variables', () => {
    const result = substituteVariables(
      {
        port: '${PORT:-8009}',
        list: ['http://127.0.0.1:${HAKKEN_PORT:-8101}'],
        nested: { dir: '${DATA_DIR}/x' },
      },
      { PORT: '', HAKKEN_PORT: '9101', DATA_DIR: '/data' },
    );
    expect(result).toEqual({
      value: { port: '8009', list: ['http://127.0.0.1:9101'], nested: { dir: '/data/x' } },
      problems: [],
    });
  });

  it('names each variable without a value or default, with its place in the plan', () => {
    const result = substituteVariables({ stages: [{ config: { SECRET: '${NOT_SET}' } }] }, {});
    expect(result.problems).toEqual([
      'stages.0.config.SECRET: the variable NOT_SET has no value and no default',
    ]);
  });

  it('leaves numbers, booleans and keys alone', () => {
    expect(substituteVariables({ '${KEY}': 1, flag: true }, { KEY: 'x' }).value).toEqual({
      '${KEY}': 1,
      flag: true,
    });
  });
});

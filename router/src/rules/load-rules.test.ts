import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRules } from './default-rules.js';
import { loadRules, parseRules, RulesError } from './load-rules.js';

function problemsOf(action: () => unknown): readonly string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof RulesError) return error.problems;
    throw error;
  }
  throw new Error('expected a RulesError');
}

describe('styx rules', () => {
  it('applies the defaults of a rule: prefix stripped, no CORS', () => {
    const rules = parseRules(
      { hosts: { '*': [{ pathPrefix: '/auth', target: { upstreams: ['http://127.0.0.1:9000'] } }] } },
      'test',
    );

    expect(rules.hosts['*']?.[0]).toMatchObject({ pathPrefix: '/auth', keepPrefix: false });
    expect(rules.hosts['*']?.[0]?.cors).toBeUndefined();
  });

  it('lists every problem at once, each with where it is', () => {
    const problems = problemsOf(() =>
      parseRules(
        {
          hosts: {
            '*': [
              { pathPrefix: 'auth', target: { upstreams: ['http://127.0.0.1:9000'] } },
              { pathPrefix: '/data', target: { upstreams: ['ftp://files'] } },
              { pathPrefix: '/x', target: { service: 'Not A Name' } },
              { pathPrefix: '/y' },
              {
                pathPrefix: '/z',
                cors: { allowedOrigins: ['*'], allowCredentials: true },
                redirect: { to: '/a' },
              },
            ],
          },
        },
        'rules.json',
      ),
    );

    expect(problems).toHaveLength(5);
    expect(problems[0]).toMatch(/^hosts\.\*\.0\.pathPrefix: must be '\/' or a path/);
    expect(problems[1]).toBe(
      "hosts.*.1.target.upstreams.0: must be an origin such as 'http://127.0.0.1:9000' (no path)",
    );
    expect(problems[2]).toMatch(/^hosts\.\*\.2\.target/);
    expect(problems[3]).toBe('hosts.*.3: a rule needs exactly one of target or redirect');
    expect(problems[4]).toMatch(
      /^hosts\.\*\.4\.cors\.allowCredentials: allowCredentials cannot be used with the origin '\*'/,
    );
  });

  it('refuses unknown fields, so that a misspelt option is not silently ignored', () => {
    const problems = problemsOf(() =>
      parseRules(
        { hosts: { '*': [{ pathPrefix: '/', keepPrefx: true, target: { upstreams: ['http://h:1'] } }] } },
        'x',
      ),
    );

    expect(problems[0]).toContain("Unrecognized key(s) in object: 'keepPrefx'");
  });

  it('refuses a rule that an earlier prefix always takes first', () => {
    const problems = problemsOf(() =>
      parseRules(
        {
          hosts: {
            '*': [
              { pathPrefix: '/', target: { upstreams: ['http://127.0.0.1:9000'] } },
              { pathPrefix: '/auth', target: { upstreams: ['http://127.0.0.1:9001'] } },
            ],
          },
        },
        'x',
      ),
    );

    expect(problems).toEqual([
      "hosts.*.1: pathPrefix '/auth' is never reached: rule 0 ('/') comes first and matches it (put longer prefixes first)",
    ]);
  });

  it('refuses the same host twice in different cases', () => {
    const rule = { pathPrefix: '/', target: { upstreams: ['http://127.0.0.1:9000'] } };
    const problems = problemsOf(() =>
      parseRules({ hosts: { 'Api.example.org': [rule], 'api.example.org': [rule] } }, 'x'),
    );

    expect(problems[0]).toContain('the same host as Api.example.org');
  });

  it('reads a rules file and names it in errors', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'styx-rules-'));
    const good = join(directory, 'good.json');
    const bad = join(directory, 'bad.json');
    await writeFile(
      good,
      JSON.stringify({ hosts: { '*': [{ pathPrefix: '/', target: { upstreams: ['http://h:1'] } }] } }),
    );
    await writeFile(bad, '{ "hosts": ');

    await expect(loadRules({ file: good })).resolves.toMatchObject({ hosts: { '*': [{ pathPrefix: '/' }] } });
    await expect(loadRules({ file: bad })).rejects.toThrow(`Invalid styx rules in ${bad}`);
    await expect(loadRules({ file: join(directory, 'missing.json') })).rejects.toThrow('cannot be read');
  });

  it('refuses both a rules file and rules in the environment', async () => {
    await expect(loadRules({ file: 'a.json', json: '{}' })).rejects.toThrow(
      'give STYX_RULES_FILE or STYX_RULES, not both',
    );
  });
});

describe('the default rules', () => {
  it('route the public services of DESIGN.md §2, /docs and / to the portal', () => {
    const rules = parseRules(defaultRules(), 'defaults');
    const routes = rules.hosts['*']?.map((rule) => [rule.pathPrefix, rule.target, rule.keepPrefix]);

    expect(routes).toEqual([
      ['/auth', { service: 'user-api' }, false],
      ['/metadata', { service: 'metadata' }, false],
      ['/access', { service: 'access' }, false],
      ['/message', { service: 'message-api' }, false],
      ['/data', { service: 'data' }, false],
      ['/docs', { service: 'portal' }, true],
      ['/', { service: 'portal' }, false],
    ]);
  });

  it('allow the given origins by CORS on the API, with the Tidepool headers', () => {
    const rules = parseRules(defaultRules({ corsOrigins: ['https://app.example.org'] }), 'defaults');

    expect(rules.hosts['*']?.[0]?.cors?.allowedOrigins).toEqual(['https://app.example.org']);
    expect(rules.hosts['*']?.at(-1)?.cors).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { createRouteTable, matchesPrefix } from './route-table.js';

const route = (pathPrefix: string, name: string) => ({ pathPrefix, name });

describe('the route table', () => {
  const table = createRouteTable(
    new Map([
      ['api.example.org', [route('/auth', 'api-auth')]],
      ['*', [route('/auth', 'auth'), route('/', 'portal')]],
    ]),
  );

  it('takes the first rule whose prefix matches at a segment boundary', () => {
    expect(table.match(undefined, '/auth/login')).toMatchObject({ name: 'auth' });
    expect(table.match(undefined, '/auth')).toMatchObject({ name: 'auth' });
    expect(table.match(undefined, '/authority')).toMatchObject({ name: 'portal' });
  });

  it('uses the rules of the Host, in any case and with any port, else those of *', () => {
    expect(table.match('API.Example.org', '/auth/x')).toMatchObject({ name: 'api-auth' });
    expect(table.match('api.example.org:8009', '/auth/x')).toMatchObject({ name: 'api-auth' });
    expect(table.match('other.example.org', '/auth/x')).toMatchObject({ name: 'auth' });
  });

  it('says whether the host or the path is unknown', () => {
    const strict = createRouteTable(new Map([['api.example.org', [route('/auth', 'a')]]]));

    expect(strict.match('evil.example.org', '/auth')).toBe('unknown-host');
    expect(strict.match('api.example.org', '/data')).toBe('unknown-path');
  });

  it('matches / as the prefix of every path', () => {
    expect(matchesPrefix('/', '/anything/at/all')).toBe(true);
    expect(matchesPrefix('/data', '/data/')).toBe(true);
    expect(matchesPrefix('/data', '/database')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { captureLogs } from '@tidepool/kit/testing';
import { fakeFetch, json } from '../test-fixtures/fake-fetch.js';
import { connectPlatform } from './platform-connection.js';

const config = { SERVER_SECRET: 'a-server-secret-of-at-least-32-characters!', HAKKEN_COORDINATORS: [] };

describe('connectPlatform', () => {
  it('reaches the other services at the given URLs with its server token', async () => {
    const seen: { host: string; token: string | null }[] = [];
    const { fetch } = fakeFetch((url, init) => {
      seen.push({ host: url.host, token: new Headers(init?.headers).get('x-tidepool-session-token') });
      return json(200, url.host === 'access.test' ? { view: {} } : { fullName: 'Ann' });
    });
    const logs = captureLogs();
    const platform = connectPlatform({
      service: 'data',
      config,
      logger: logs.logger,
      serviceUrls: {
        'user-api': 'http://users.test',
        access: 'http://access.test',
        metadata: 'http://metadata.test',
      },
      fetch,
    });
    expect(await platform.permissions.permissionsOf('aaaaaaaaaa', 'bbbbbbbbbb')).toEqual({ view: {} });
    expect(await platform.profileNames.fullNameOf('aaaaaaaaaa')).toBe('Ann');
    expect(seen).toEqual([
      { host: 'access.test', token: 'server-token-0123456789' },
      { host: 'metadata.test', token: 'server-token-0123456789' },
    ]);
    expect(platform.listing).toEqual({ service: 'data' });
    await platform.closer.close();
  });

  it('says so in the log when it can find no other service', async () => {
    const logs = captureLogs();
    const platform = connectPlatform({
      service: 'data',
      config: { ...config, ANNOUNCE_HOST: '10.0.0.5' },
      logger: logs.logger,
    });
    expect(platform.listing).toEqual({ service: 'data', host: '10.0.0.5' });
    expect(
      logs.lines().some((line) => line.level === 'warn' && /finds no other service/.test(String(line.msg))),
    ).toBe(true);
    await platform.closer.close();
  });
});

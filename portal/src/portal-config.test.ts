import { describe, expect, it } from 'vitest';
import { ConfigError } from '@tidepool/kit';
import { loadPortalConfig } from './portal-config.js';

describe('loadPortalConfig', () => {
  it('listens on the private interface on a port the system chooses by default, unpublished', () => {
    expect(loadPortalConfig({})).toMatchObject({
      HOST: '127.0.0.1',
      PORT: 0,
      LOG_LEVEL: 'info',
      HAKKEN_COORDINATORS: [],
    });
  });

  it('reads HOST, PORT, LOG_LEVEL and a comma-separated list of coordinators', () => {
    const config = loadPortalConfig({
      HOST: '10.0.0.5',
      PORT: '9120',
      LOG_LEVEL: 'warn',
      HAKKEN_COORDINATORS: '127.0.0.1:8000, 127.0.0.1:8001,',
      SERVER_SECRET: 's'.repeat(32),
    });
    expect(config).toMatchObject({ HOST: '10.0.0.5', PORT: 9120, LOG_LEVEL: 'warn' });
    expect(config.HAKKEN_COORDINATORS).toEqual(['127.0.0.1:8000', '127.0.0.1:8001']);
  });

  it('reports every problem at once, and SERVER_SECRET when coordinators are given without it', () => {
    const load = () =>
      loadPortalConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', HAKKEN_COORDINATORS: '127.0.0.1:8000' });
    expect(load).toThrow(ConfigError);
    try {
      load();
    } catch (error) {
      const variables = (error as ConfigError).problems.map((problem) => problem.variable);
      expect(variables).toEqual(expect.arrayContaining(['PORT', 'LOG_LEVEL']));
    }
    expect(() => loadPortalConfig({ HAKKEN_COORDINATORS: '127.0.0.1:8000' })).toThrow(/SERVER_SECRET/);
  });

  it('never quotes the server secret in a problem', () => {
    const secret = 'too-short-secret';
    expect(() => loadPortalConfig({ SERVER_SECRET: secret })).toThrow(ConfigError);
    try {
      loadPortalConfig({ SERVER_SECRET: secret });
    } catch (error) {
      expect((error as Error).message).toContain('SERVER_SECRET');
      expect((error as Error).message).not.toContain(secret);
    }
  });
});

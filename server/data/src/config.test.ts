import { describe, expect, it } from 'vitest';
import { ConfigError, generateSalt, loadConfig } from '@tidepool/kit';
import { ConfigSchema } from './config.js';

describe('data configuration', () => {
  it('refuses to start without DATA_SALT_DEPLOY, naming it', () => {
    expect(() => loadConfig(ConfigSchema, { NODE_ENV: 'test' })).toThrow(/DATA_SALT_DEPLOY: is required/);
  });

  it('refuses a short salt without printing it', () => {
    const error = (() => {
      try {
        loadConfig(ConfigSchema, { NODE_ENV: 'test', DATA_SALT_DEPLOY: 'too-short-a-secret' });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(String(error)).toMatch(/DATA_SALT_DEPLOY: has the secret shorter than 32 characters/);
    expect(String(error)).not.toContain('too-short-a-secret');
  });

  it('reads a versioned salt ring and takes bodies of 10000 data by default', () => {
    const config = loadConfig(ConfigSchema, {
      NODE_ENV: 'test',
      DATA_SALT_DEPLOY: `v2:${generateSalt()},v1:${generateSalt()}`,
      HAKKEN_COORDINATORS: 'http://127.0.0.1:8101',
    });
    expect(config.DATA_SALT_DEPLOY.versions).toEqual([2, 1]);
    expect(config.BODY_LIMIT).toBe('32mb');
    expect(config.HAKKEN_COORDINATORS).toEqual(['http://127.0.0.1:8101']);
    expect(JSON.stringify(config)).not.toContain(config.DATA_SALT_DEPLOY.current.secret.toString());
  });
});

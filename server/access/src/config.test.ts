import { describe, expect, it } from 'vitest';
import { ConfigError, generateSalt, loadConfig } from '@tidepool/kit';
import { ConfigSchema } from './config.js';

describe('the configuration of access', () => {
  it('parses ACCESS_SALT_DEPLOY into a ring of versions and fills the defaults', () => {
    const config = loadConfig(ConfigSchema, {
      NODE_ENV: 'test',
      ACCESS_SALT_DEPLOY: `v2:${generateSalt()},v1:${generateSalt()}`,
    });
    expect(config.ACCESS_SALT_DEPLOY.versions).toEqual([2, 1]);
    expect(config.PUBLIC_URL).toBe('http://localhost:8009');
    expect(config.INVITATION_DAYS).toBe(7);
    expect(config.INVITATIONS_PER_HOUR).toBe(20);
  });

  it('requires ACCESS_SALT_DEPLOY', () => {
    expect(() => loadConfig(ConfigSchema, { NODE_ENV: 'test' })).toThrow(/ACCESS_SALT_DEPLOY: is required/);
  });

  it('reports a malformed salt without quoting it', () => {
    const secret = 'short-secret';
    try {
      loadConfig(ConfigSchema, { NODE_ENV: 'test', ACCESS_SALT_DEPLOY: secret });
      expect.unreachable('the configuration should be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain('ACCESS_SALT_DEPLOY');
      expect((error as ConfigError).message).not.toContain(secret);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, generateSalt, loadConfig } from '@tidepool/kit';
import { ConfigSchema } from './config.js';

function problemsOf(env: Record<string, string>) {
  try {
    loadConfig(ConfigSchema, { NODE_ENV: 'test', ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
  }
  throw new Error('the configuration was accepted');
}

describe('message-api configuration', () => {
  it('refuses to start without MESSAGE_SALT_DEPLOY', () => {
    expect(problemsOf({}).problems).toEqual([{ variable: 'MESSAGE_SALT_DEPLOY', message: 'is required' }]);
  });

  it('refuses a short salt without printing it', () => {
    const error = problemsOf({ MESSAGE_SALT_DEPLOY: 'short-but-secret' });
    expect(error.problems.map((problem) => problem.variable)).toEqual(['MESSAGE_SALT_DEPLOY']);
    expect(error.message).not.toContain('short-but-secret');
  });

  it('reads a ring of salt versions, the newest encrypting', () => {
    const config = loadConfig(ConfigSchema, {
      NODE_ENV: 'test',
      MESSAGE_SALT_DEPLOY: `v1:${generateSalt()},v2:${generateSalt()}`,
    });
    expect(config.MESSAGE_SALT_DEPLOY.versions).toEqual([2, 1]);
    expect(config.MESSAGE_SALT_DEPLOY.current.version).toBe(2);
  });

  it('reads the database URL and the hakken coordinators', () => {
    const config = loadConfig(ConfigSchema, {
      NODE_ENV: 'test',
      MESSAGE_SALT_DEPLOY: generateSalt(),
      MESSAGE_API_DATABASE_URL: 'postgres://localhost/messages',
      HAKKEN_COORDINATORS: '127.0.0.1:8101, 127.0.0.1:8102',
    });
    expect(config.MESSAGE_API_DATABASE_URL).toBe('postgres://localhost/messages');
    expect(config.HAKKEN_COORDINATORS).toEqual(['127.0.0.1:8101', '127.0.0.1:8102']);
  });
});

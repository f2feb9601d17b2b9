import { describe, expect, it } from 'vitest';
import { ConfigError, generateSalt, loadConfig } from '@tidepool/kit';
import { ConfigSchema } from './config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(ConfigSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => problem.variable);
    throw error;
  }
  return [];
}

describe('ConfigSchema', () => {
  it('reads a salt ring with versions, newest first', () => {
    const config = loadConfig(ConfigSchema, {
      NODE_ENV: 'test',
      METADATA_SALT_DEPLOY: `v1:${generateSalt()},v2:${generateSalt()}`,
    });
    expect(config.METADATA_SALT_DEPLOY.versions).toEqual([2, 1]);
  });

  it('refuses to start without the salt, in production, development and tests alike', () => {
    const secret = 's'.repeat(40);
    expect(problemsOf({ NODE_ENV: 'production', SERVER_SECRET: secret })).toContain('METADATA_SALT_DEPLOY');
    expect(problemsOf({ NODE_ENV: 'development', SERVER_SECRET: secret })).toContain('METADATA_SALT_DEPLOY');
    expect(problemsOf({ NODE_ENV: 'test' })).toEqual(['METADATA_SALT_DEPLOY']);
  });

  it('refuses a short salt without quoting it', () => {
    const salt = 'too-short-to-be-a-salt';
    try {
      loadConfig(ConfigSchema, { NODE_ENV: 'test', METADATA_SALT_DEPLOY: salt });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(/METADATA_SALT_DEPLOY: has the secret shorter than 32/);
      expect((error as Error).message).not.toContain(salt);
    }
  });
});

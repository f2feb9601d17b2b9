import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@tidepool/kit';
import { ConfigSchema } from './config.js';
import { isOwaspEquivalent, OWASP_SCRYPT_SETTINGS } from './passwords/scrypt-parameters.js';

const SECRET = 'a-server-secret-of-at-least-32-characters';

describe('the configuration of user-api', () => {
  it('defaults to scrypt parameters at least as strong as OWASP’s guidance', () => {
    const config = loadConfig(ConfigSchema, { SERVER_SECRET: SECRET, NODE_ENV: 'production' });
    const parameters = { logN: config.SCRYPT_LOG_N, r: config.SCRYPT_R, p: config.SCRYPT_P };
    expect(parameters).toEqual({ logN: 14, r: 8, p: 5 });
    expect(OWASP_SCRYPT_SETTINGS).toContainEqual(parameters);
    expect(isOwaspEquivalent(parameters)).toBe(true);
  });

  it('refuses weaker scrypt parameters outside tests', () => {
    const weak = { SERVER_SECRET: SECRET, SCRYPT_LOG_N: '12', SCRYPT_P: '1' };
    expect(() => loadConfig(ConfigSchema, { ...weak, NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig(ConfigSchema, { ...weak, NODE_ENV: 'development' })).toThrow(/SCRYPT_LOG_N/);
    expect(loadConfig(ConfigSchema, { ...weak, NODE_ENV: 'test' }).SCRYPT_LOG_N).toBe(12);
  });

  it('reads the services to erase at and the coordinators as comma-separated lists', () => {
    const config = loadConfig(ConfigSchema, {
      SERVER_SECRET: SECRET,
      ERASE_SERVICES: 'access, data,,metadata',
      HAKKEN_COORDINATORS: '127.0.0.1:8101,http://127.0.0.1:8102',
    });
    expect(config.ERASE_SERVICES).toEqual(['access', 'data', 'metadata']);
    expect(config.HAKKEN_COORDINATORS).toEqual(['127.0.0.1:8101', 'http://127.0.0.1:8102']);
  });

  it('refuses an idle timeout longer than the session lifetime, and a non-SMTP mail URL', () => {
    expect(() =>
      loadConfig(ConfigSchema, {
        SERVER_SECRET: SECRET,
        SESSION_IDLE_SECONDS: '7200',
        SESSION_LIFETIME_SECONDS: '3600',
      }),
    ).toThrow(/SESSION_IDLE_SECONDS/);
    expect(() => loadConfig(ConfigSchema, { SERVER_SECRET: SECRET, SMTP_URL: 'http://mail' })).toThrow(
      /SMTP_URL/,
    );
  });
});

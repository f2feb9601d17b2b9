import { z } from 'zod';
import { describe, expect, it, vi } from 'vitest';
import { databaseConfigShape, databaseLocation, databaseUrlVariable } from './database-url.js';
import { commaListSchema, ConfigError, loadConfig, loadConfigOrExit } from './load-config.js';
import { serviceConfigSchema } from './service-config.js';

const SECRET = 's'.repeat(40);
const schema = serviceConfigSchema({
  ...databaseConfigShape('user-api'),
  USER_API_MODE: z.enum(['fast', 'safe']),
});

function problemsOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig with a service schema', () => {
  it('applies the defaults of the base variables', () => {
    const config = loadConfig(schema, { SERVER_SECRET: SECRET, USER_API_MODE: 'fast' });
    expect(config).toEqual({
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: 0,
      LOG_LEVEL: 'info',
      DATA_DIR: '.data',
      SERVER_SECRET: SECRET,
      BODY_LIMIT: '1mb',
      SHUTDOWN_TIMEOUT_MS: 10_000,
      USER_API_MODE: 'fast',
    });
  });

  it('reports every problem at once, naming each variable', () => {
    const error = problemsOf(() =>
      loadConfig(schema, {
        PORT: '70000',
        LOG_LEVEL: 'loud',
        BODY_LIMIT: 'huge',
        USER_API_DATABASE_URL: 'mysql://x',
      }),
    );
    expect(error.problems.map((problem) => problem.variable).sort()).toEqual([
      'BODY_LIMIT',
      'LOG_LEVEL',
      'PORT',
      'SERVER_SECRET',
      'USER_API_DATABASE_URL',
      'USER_API_MODE',
    ]);
    expect(error.message).toMatch(/^Invalid configuration \(6 problems\):/);
  });

  it('requires SERVER_SECRET outside tests', () => {
    const error = problemsOf(() => loadConfig(schema, { NODE_ENV: 'production', USER_API_MODE: 'safe' }));
    expect(error.problems).toEqual([{ variable: 'SERVER_SECRET', message: 'is required' }]);
  });

  it('makes a random SERVER_SECRET under NODE_ENV=test', () => {
    const first = loadConfig(schema, { NODE_ENV: 'test', USER_API_MODE: 'safe' });
    const second = loadConfig(schema, { NODE_ENV: 'test', USER_API_MODE: 'safe' });
    expect(first.SERVER_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(first.SERVER_SECRET).not.toBe(second.SERVER_SECRET);
  });

  it('never prints the value of a secret-looking variable', () => {
    const secretSchema = z.object({ API_TOKEN: z.enum(['expected']), SERVER_SECRET: z.string().min(32) });
    const error = problemsOf(() =>
      loadConfig(secretSchema, { API_TOKEN: 'tok-leak-1', SERVER_SECRET: 'short-leak-2' }),
    );
    expect(error.problems.map((problem) => problem.variable).sort()).toEqual(['API_TOKEN', 'SERVER_SECRET']);
    expect(error.message).not.toMatch(/leak/);
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig(schema, { PORT: '', SERVER_SECRET: SECRET, USER_API_MODE: 'fast' }).PORT).toBe(0);
  });
});

describe('database locations', () => {
  it('names the service database variable after the service', () => {
    expect(databaseUrlVariable('message-api')).toBe('MESSAGE_API_DATABASE_URL');
  });

  it("prefers the service's own URL, then the shared one with a schema per service, then embedded", () => {
    const own = 'postgres://a@h1:5432,h2:5432/users?target_session_attrs=read-write';
    const shared = 'postgresql://b@db/platform';
    expect(databaseLocation('user-api', { USER_API_DATABASE_URL: own, DATABASE_URL: shared })).toEqual({
      url: own,
    });
    expect(databaseLocation('user-api', { DATABASE_URL: shared })).toEqual({
      url: shared,
      postgresSchema: 'user_api',
    });
    expect(databaseLocation('user-api', {})).toEqual({});
  });

  it('accepts multi-host URLs that WHATWG URL parsing would refuse', () => {
    const url = 'postgres://u:p@h1:5432,h2:5432/db?target_session_attrs=read-write';
    const config = loadConfig(schema, {
      SERVER_SECRET: SECRET,
      USER_API_MODE: 'fast',
      USER_API_DATABASE_URL: url,
    });
    expect(config.USER_API_DATABASE_URL).toBe(url);
  });
});

describe('loadConfigOrExit', () => {
  it('writes every problem to stderr without the secret and exits 1', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      throw new Error(`exit ${String(code)}`);
    }) as never);
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const schema = z.object({ PORT: z.coerce.number().int(), SERVER_SECRET: z.string().min(32) });
      expect(() => loadConfigOrExit(schema, { PORT: 'eighty', SERVER_SECRET: 'short-secret' })).toThrow(
        'exit 1',
      );
      const written = write.mock.calls.map((call) => String(call[0])).join('');
      expect(written).toContain('PORT');
      expect(written).toContain('SERVER_SECRET');
      expect(written).not.toContain('short-secret');
    } finally {
      exit.mockRestore();
      write.mockRestore();
    }
  });

  it('splits comma lists and drops empty items', () => {
    expect(commaListSchema.parse(' a:1, ,b:2 ,')).toEqual(['a:1', 'b:2']);
    expect(commaListSchema.parse(undefined)).toEqual([]);
  });
});

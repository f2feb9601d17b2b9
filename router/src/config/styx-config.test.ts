import { describe, expect, it } from 'vitest';
import { loadStyxConfig, StyxConfigError } from './styx-config.js';

describe('styx configuration', () => {
  it('has the defaults of DESIGN.md §2: public 0.0.0.0:8009, admin on 127.0.0.1', () => {
    const config = loadStyxConfig({});

    expect(config).toMatchObject({
      HOST: '0.0.0.0',
      PORT: 8009,
      STYX_ADMIN_HOST: '127.0.0.1',
      STYX_WORKERS: 1,
    });
    expect(config.STYX_BODY_LIMIT).toBe(16 * 1024 * 1024);
  });

  it('reads sizes, lists and flags', () => {
    const config = loadStyxConfig({
      STYX_BODY_LIMIT: '512kb',
      STYX_CORS_ORIGINS: 'https://a.example.org, https://b.example.org',
      HAKKEN_COORDINATORS: 'http://127.0.0.1:8000,http://127.0.0.1:8001',
      SERVER_SECRET: 'x'.repeat(32),
      STYX_TRUST_FORWARDED: 'true',
    });

    expect(config.STYX_BODY_LIMIT).toBe(512 * 1024);
    expect(config.STYX_CORS_ORIGINS).toEqual(['https://a.example.org', 'https://b.example.org']);
    expect(config.HAKKEN_COORDINATORS).toHaveLength(2);
    expect(config.STYX_TRUST_FORWARDED).toBe(true);
  });

  it('reports every problem at once and never prints the secret', () => {
    let error: unknown;
    try {
      loadStyxConfig({
        PORT: 'eighty',
        HAKKEN_COORDINATORS: 'http://127.0.0.1:8000',
        SERVER_SECRET: 'short-secret',
        STYX_BODY_LIMIT: 'big',
      });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(StyxConfigError);
    const message = (error as StyxConfigError).message;
    expect(message).toContain('PORT');
    expect(message).toContain('SERVER_SECRET: must be at least 32 characters');
    expect(message).toContain('STYX_BODY_LIMIT: must be a size');
    expect(message).not.toContain('short-secret');
  });

  it('needs the server secret when hakken is configured', () => {
    expect(() => loadStyxConfig({ HAKKEN_COORDINATORS: 'http://127.0.0.1:8000' })).toThrow(
      'SERVER_SECRET: is required with HAKKEN_COORDINATORS',
    );
  });
});

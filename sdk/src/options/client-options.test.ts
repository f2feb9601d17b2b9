import { describe, expect, it } from 'vitest';
import { createClient } from '../create-client.js';
import type { ClientOptions } from './client-options.js';
import { resolveClientOptions } from './client-options.js';

const fetch = () => Promise.resolve(new Response(null));

describe('createClient options', () => {
  it('fills in the defaults', () => {
    const resolved = resolveClientOptions({ baseUrl: 'https://api.example.org/', fetch });
    expect(resolved.baseUrl).toBe('https://api.example.org');
    expect(resolved.retry).toEqual({ maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 10_000 });
    expect(resolved.timeoutMs).toBe(30_000);
    expect(resolved.refreshAfterMs).toBe(600_000);
  });

  it('keeps the retry defaults it is not given', () => {
    const resolved = resolveClientOptions({
      baseUrl: 'https://api.example.org',
      fetch,
      retry: { maxAttempts: 5 },
    });
    expect(resolved.retry).toEqual({ maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 10_000 });
  });

  it('refuses unknown options, naming them', () => {
    const options = {
      baseUrl: 'https://api.example.org',
      fetch,
      retries: 3,
      timeout: 5,
    } as unknown as ClientOptions;
    expect(() => createClient(options)).toThrow('createClient: unknown options "retries", "timeout"');
  });

  it('refuses unknown retry options', () => {
    const options = {
      baseUrl: 'https://api.example.org',
      fetch,
      retry: { attempts: 3 },
    } as unknown as ClientOptions;
    expect(() => createClient(options)).toThrow('unknown option "retry.attempts"');
  });

  it('refuses a base URL that is not http or https, and a bad timeout', () => {
    expect(() => createClient({ baseUrl: 'api.example.org', fetch })).toThrow(/"baseUrl"/);
    expect(() => createClient({ baseUrl: 'ftp://api.example.org', fetch })).toThrow(/http or https/);
    expect(() => createClient({ baseUrl: 'https://api.example.org', fetch, timeoutMs: -1 })).toThrow(
      /"timeoutMs"/,
    );
    expect(() => createClient({ baseUrl: 'https://api.example.org', fetch, timeoutMs: Infinity })).toThrow(
      /"timeoutMs"/,
    );
  });

  it('refuses a fetch or storage of the wrong shape', () => {
    const badFetch = { baseUrl: 'https://api.example.org', fetch: 'fetch' } as unknown as ClientOptions;
    expect(() => createClient(badFetch)).toThrow(/"fetch" must be a function/);
    const badStorage = {
      baseUrl: 'https://api.example.org',
      fetch,
      storage: { get: () => null },
    } as unknown as ClientOptions;
    expect(() => createClient(badStorage)).toThrow(/"storage.set"/);
  });

  it('uses the global fetch by default', () => {
    expect(() => createClient({ baseUrl: 'https://api.example.org' })).not.toThrow();
  });
});

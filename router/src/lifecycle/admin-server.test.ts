import { describe, expect, it } from 'vitest';
import { startAdminServer } from './admin-server.js';

describe('the admin listener', () => {
  it('serves /metrics and /status, and 404 problem elsewhere', async () => {
    const admin = await startAdminServer('127.0.0.1', 0, {
      metrics: () => Promise.resolve({ contentType: 'text/plain; version=0.0.4', text: 'styx_up 1\n' }),
      status: () => Promise.resolve({ status: 'ok' }),
    });
    try {
      const metrics = await fetch(`${admin.url}/metrics`);
      expect([metrics.status, await metrics.text()]).toEqual([200, 'styx_up 1\n']);
      expect(await (await fetch(`${admin.url}/status`)).json()).toEqual({ status: 'ok' });
      const other = await fetch(`${admin.url}/other`);
      expect(other.status).toBe(404);
      expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    } finally {
      await admin.close();
    }
  });

  it('answers 500 at once when producing an answer fails, even by throwing before any promise', async () => {
    const admin = await startAdminServer('127.0.0.1', 0, {
      metrics: () => Promise.reject(new Error('the registry failed')),
      status: () => {
        throw new Error('a status report failed');
      },
    });
    try {
      const answers = await Promise.all(
        ['/metrics', '/status'].map(async (path) => {
          const response = await fetch(`${admin.url}${path}`, { signal: AbortSignal.timeout(5000) });
          return [path, response.status, await response.text()];
        }),
      );
      expect(answers).toEqual([
        ['/metrics', 500, 'failed\n'],
        ['/status', 500, 'failed\n'],
      ]);
    } finally {
      await admin.close();
    }
  });
});

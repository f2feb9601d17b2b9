import express from 'express';
import { describe, expect, it } from 'vitest';
import { createNotesApp } from '../../test-fixtures/notes-app.js';
import { startTestApp } from '../testing/index.js';
import { currentRequestId, requestContextMiddleware } from './request-context.js';
import { chooseRequestId, requestIdMiddleware } from './request-id.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('keeps a sane incoming id', () => {
    expect(chooseRequestId('styx-1.2:abc_DEF')).toBe('styx-1.2:abc_DEF');
    expect(chooseRequestId('x'.repeat(128))).toBe('x'.repeat(128));
  });

  it('replaces a missing, long, repeated or unsafe id with a UUID', () => {
    for (const incoming of [undefined, '', 'x'.repeat(129), ['a', 'b'], 'has space', 'new\nline', 'ünï']) {
      expect(chooseRequestId(incoming)).toMatch(UUID);
    }
  });

  it('echoes the kept id on the answer', async () => {
    await using server = await startTestApp(createNotesApp().app);
    const response = await fetch(`${server.url}/hello`, { headers: { 'x-request-id': 'abc-123' } });
    expect(response.headers.get('x-request-id')).toBe('abc-123');
  });

  it('creates an id when the incoming one is unsafe and uses it in problems', async () => {
    await using server = await startTestApp(createNotesApp().app);
    const response = await fetch(`${server.url}/missing`, { headers: { 'x-request-id': 'bad id <script>' } });
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(UUID);
    expect(((await response.json()) as { requestId: string }).requestId).toBe(id);
  });

  it('makes the id reachable from code the handler calls', async () => {
    const app = express();
    app.use(requestIdMiddleware(), requestContextMiddleware());
    app.get('/', (_request, response) => {
      void Promise.resolve().then(() => response.json({ seen: currentRequestId() ?? null }));
    });
    await using server = await startTestApp(app);
    const answer = await fetch(server.url, { headers: { 'x-request-id': 'trace-7' } });
    expect(await answer.json()).toEqual({ seen: 'trace-7' });
    expect(currentRequestId()).toBeUndefined();
  });
});

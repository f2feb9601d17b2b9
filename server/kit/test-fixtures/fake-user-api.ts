/** A tiny stand-in for user-api's server login and token check, for the client tests. */
import express from 'express';
import { startTestApp } from '../src/testing/index.js';

export const GOOD_SECRET = 'the-right-server-secret-of-32-chars!!';

/** Serves POST /serverlogin, GET /token/:token and GET /echo, counting calls and refusing revoked tokens. */
export async function startFakeUserApi() {
  const state = {
    logins: 0,
    tokenChecks: 0,
    /** Server tokens the fake refuses from now on (as if they expired). */
    revoked: new Set<string>(),
    /** Holds each login until released, to observe concurrent callers. */
    loginGate: Promise.resolve(),
    seenRequestIds: [] as (string | undefined)[],
  };
  const app = express();
  app.post('/serverlogin', (request, response) => {
    state.logins += 1;
    const login = state.logins;
    void state.loginGate.then(() => {
      if (request.headers['x-tidepool-server-secret'] !== GOOD_SECRET) {
        response.status(401).json({ code: 'UNAUTHORIZED' });
        return;
      }
      response.setHeader('x-tidepool-session-token', `server-token-${login}`);
      response.json({ name: request.headers['x-tidepool-server-name'], isserver: true });
    });
  });
  const serverTokenValid = (token: unknown) =>
    typeof token === 'string' && token.startsWith('server-token-') && !state.revoked.has(token);
  app.get('/token/:token', (request, response) => {
    state.tokenChecks += 1;
    if (!serverTokenValid(request.headers['x-tidepool-session-token'])) {
      response.status(401).json({ code: 'UNAUTHORIZED' });
    } else if (request.params.token === 'user-token-of-ann-0123') {
      response.json({
        userid: 'a1b2c3d4e5',
        isserver: false,
        sessionId: 's1',
        expiresTime: '2030-01-01T00:00:00Z',
      });
    } else if (request.params.token === 'user-token-breaks-0123') {
      response.status(500).json({ code: 'INTERNAL' });
    } else {
      response.status(404).json({ code: 'NOT_FOUND' });
    }
  });
  app.get('/echo/:word', (request, response) => {
    state.seenRequestIds.push(request.headers['x-request-id'] as string | undefined);
    if (!serverTokenValid(request.headers['x-tidepool-session-token'])) {
      response.status(401).json({ code: 'UNAUTHORIZED' });
      return;
    }
    response.json({ word: request.params.word, token: request.headers['x-tidepool-session-token'] });
  });
  const server = await startTestApp(app);
  return { server, state, baseUrl: () => server.url };
}

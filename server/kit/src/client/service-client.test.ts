import { initContract } from '@ts-rest/core';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { publicRoute } from '@tidepool/spec';
import { runWithRequestId } from '../http/request-context.js';
import { GOOD_SECRET, startFakeUserApi } from '../../test-fixtures/fake-user-api.js';
import { createServerTokenClient } from './server-token-client.js';
import { createServiceClient } from './service-client.js';

const c = initContract();
const echoContract = c.router({
  echo: {
    method: 'GET',
    path: '/echo/:word',
    pathParams: z.object({ word: z.string() }),
    responses: {
      200: z.object({ word: z.string(), token: z.string() }),
      401: z.object({ code: z.string() }),
    },
    metadata: publicRoute('server'),
  },
});

describe('createServiceClient', () => {
  it('sends the server token and the request id of the request being served', async () => {
    const { server, state, baseUrl } = await startFakeUserApi();
    await using _server = server;
    const tokens = createServerTokenClient({ baseUrl, serverName: 'data', serverSecret: GOOD_SECRET });
    const client = createServiceClient(echoContract, { baseUrl, tokens });
    const answer = await runWithRequestId('outer-request-1', () => client.echo({ params: { word: 'hi' } }));
    expect(answer).toMatchObject({ status: 200, body: { word: 'hi', token: 'server-token-1' } });
    await client.echo({ params: { word: 'again' } });
    expect(state.seenRequestIds).toEqual(['outer-request-1', undefined]);
  });

  it('logs in again and retries once when the token is refused', async () => {
    const { server, state, baseUrl } = await startFakeUserApi();
    await using _server = server;
    const tokens = createServerTokenClient({ baseUrl, serverName: 'data', serverSecret: GOOD_SECRET });
    const client = createServiceClient(echoContract, { baseUrl, tokens });
    await client.echo({ params: { word: 'first' } });
    state.revoked.add('server-token-1');
    const answer = await client.echo({ params: { word: 'second' } });
    expect(answer).toMatchObject({ status: 200, body: { word: 'second', token: 'server-token-2' } });
    expect(state.logins).toBe(2);
  });
});

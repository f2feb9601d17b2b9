import type { AppRoute, ClientInferRequest, ClientInferResponseBody } from '@ts-rest/core';
import type { PlatformContract } from '@tidepool/spec';
import { describe, expectTypeOf, it } from 'vitest';
import type { TidepoolClient } from '../create-client.js';

type Auth = PlatformContract['auth'];
type Metadata = PlatformContract['metadata'];
type Access = PlatformContract['access'];
type Data = PlatformContract['data'];
type Message = PlatformContract['message'];

/** What a facade method resolves to. */
type Answer<T extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<T>>;
/** The body or query a route takes, as a client writes it. */
type Body<T extends 'body' | 'query', R extends AppRoute> = T extends keyof ClientInferRequest<R>
  ? ClientInferRequest<R>[T]
  : never;

describe('facade types follow the contract', () => {
  it('answer the success body of each route', () => {
    expectTypeOf<Answer<TidepoolClient['login']>>().toEqualTypeOf<
      ClientInferResponseBody<Auth['login'], 200>
    >();
    expectTypeOf<Answer<TidepoolClient['signup']>>().toEqualTypeOf<
      ClientInferResponseBody<Auth['signup'], 201>
    >();
    expectTypeOf<Answer<TidepoolClient['auth']['refresh']>>().toEqualTypeOf<
      ClientInferResponseBody<Auth['refreshSession'], 200>
    >();
    expectTypeOf<Answer<TidepoolClient['auth']['listSessions']>>().toEqualTypeOf<
      ClientInferResponseBody<Auth['listSessions'], 200>
    >();
    expectTypeOf<Answer<TidepoolClient['metadata']['get']>>().toEqualTypeOf<
      ClientInferResponseBody<Metadata['getCollection'], 200>
    >();
    expectTypeOf<Answer<TidepoolClient['access']['listGroups']>>().toEqualTypeOf<
      ClientInferResponseBody<Access['listGroups'], 200>
    >();
    expectTypeOf<Answer<TidepoolClient['access']['setPermissions']>>().toEqualTypeOf<
      ClientInferResponseBody<Access['setPermissions'], 200>
    >();
    expectTypeOf<Answer<TidepoolClient['access']['invitations']['listReceived']>>().toEqualTypeOf<
      ClientInferResponseBody<Access['listReceivedInvitations'], 200>
    >();
    expectTypeOf<Answer<TidepoolClient['data']['upload']>>().toEqualTypeOf<
      ClientInferResponseBody<Data['uploadData'], 200>
    >();
    expectTypeOf<Answer<TidepoolClient['data']['query']>>().toEqualTypeOf<
      ClientInferResponseBody<Data['queryData'], 200>
    >();
    expectTypeOf<Answer<TidepoolClient['data']['summary']>>().toEqualTypeOf<
      ClientInferResponseBody<Data['getSummary'], 200>
    >();
    expectTypeOf<Answer<TidepoolClient['messages']['send']>>().toEqualTypeOf<
      ClientInferResponseBody<Message['sendMessage'], 201>
    >();
    expectTypeOf<Answer<TidepoolClient['messages']['listNotes']>>().toEqualTypeOf<
      ClientInferResponseBody<Message['getNotes'], 200>
    >();
    expectTypeOf<Answer<TidepoolClient['messages']['read']>>().toEqualTypeOf<
      ClientInferResponseBody<Message['readMessage'], 200>
    >();
    expectTypeOf<Answer<TidepoolClient['messages']['remove']>>().toBeVoid();
  });

  it('take the bodies and queries of each route', () => {
    expectTypeOf<TidepoolClient['signup']>().parameter(0).toEqualTypeOf<Body<'body', Auth['signup']>>();
    expectTypeOf<TidepoolClient['data']['upload']>()
      .parameter(1)
      .toEqualTypeOf<Body<'body', Data['uploadData']>>();
    expectTypeOf<TidepoolClient['data']['query']>()
      .parameter(1)
      .toEqualTypeOf<Body<'query', Data['queryData']> | undefined>();
    expectTypeOf<TidepoolClient['data']['summary']>()
      .parameter(1)
      .toEqualTypeOf<Body<'query', Data['getSummary']>>();
    expectTypeOf<TidepoolClient['access']['setPermissions']>()
      .parameter(2)
      .toEqualTypeOf<Body<'body', Access['setPermissions']>>();
    expectTypeOf<TidepoolClient['access']['invitations']['send']>()
      .parameter(1)
      .toEqualTypeOf<Body<'body', Access['sendInvitation']>>();
    expectTypeOf<TidepoolClient['metadata']['update']>()
      .parameter(2)
      .toEqualTypeOf<Body<'body', Metadata['updateCollection']>>();
    expectTypeOf<{ message: Parameters<TidepoolClient['messages']['send']>[1] }>().toEqualTypeOf<
      Body<'body', Message['sendMessage']>
    >();
    expectTypeOf<{ message: Parameters<TidepoolClient['messages']['edit']>[1] }>().toEqualTypeOf<
      Body<'body', Message['editMessage']>
    >();
  });

  it('refuse what the contract refuses', () => {
    const check = (client: TidepoolClient) => {
      // @ts-expect-error `share` is no permission name.
      void client.access.setPermissions('a', 'b', { share: {} });
      // @ts-expect-error the collection must be profile, preferences or settings.
      void client.metadata.get('a', 'private');
      // @ts-expect-error a summary needs its range.
      void client.data.summary('a', {});
    };
    expectTypeOf(check).toBeFunction();
  });
});

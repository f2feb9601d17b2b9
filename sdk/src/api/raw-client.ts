/** The ts-rest client of the platform contract, on the SDK's transport: the contract's one client-side use. */
import { initClient } from '@ts-rest/core';
import type { InitClientReturn } from '@ts-rest/core';
import { platformContract } from '@tidepool/spec';
import type { PlatformContract } from '@tidepool/spec';
import type { SuccessfulResponse, TidepoolFetcherArgs } from '../transport/create-fetcher.js';

/** The ts-rest client arguments; `api` adds `requestOptions` to the arguments of every route. */
interface RawClientArgs {
  baseUrl: string;
  api: (args: TidepoolFetcherArgs) => Promise<SuccessfulResponse>;
  throwOnUnknownStatus: false;
}

/** Every route of the platform, as a function of ts-rest's `{params, query, body}` plus `requestOptions`. */
export type RawClient = InitClientReturn<PlatformContract, RawClientArgs>;

export function createRawClient(baseUrl: string, api: RawClientArgs['api']): RawClient {
  return initClient(platformContract, { baseUrl, api, throwOnUnknownStatus: false });
}

/** Narrows a ts-rest answer to its success body, typed from the contract. */
import { REQUEST_ID_HEADER } from '@tidepool/spec';
import { TidepoolError } from '../errors/tidepool-error.js';

interface AnyResponse {
  readonly status: number;
  readonly body: unknown;
  readonly headers: Headers;
}

/**
 * The body of `response` when its status is one of `statuses`, typed as the contract declares
 * it for those statuses. The transport throws for every non-2xx answer already; a 2xx the
 * contract does not declare (a server newer or older than this SDK) is refused here.
 *
 * @example
 * const user = successBody(await raw.auth.getCurrentUser({}), 200); // User
 */
export function successBody<TResponse extends AnyResponse, TStatus extends TResponse['status']>(
  response: TResponse,
  ...statuses: readonly TStatus[]
): Extract<TResponse, { status: TStatus }>['body'] {
  if ((statuses as readonly number[]).includes(response.status)) {
    return response.body;
  }
  throw new TidepoolError({
    status: response.status,
    code: 'UNEXPECTED_RESPONSE',
    message: `The platform answered ${response.status}, which this version of the SDK does not expect here.`,
    requestId: response.headers.get(REQUEST_ID_HEADER) ?? undefined,
    body: response.body,
    headers: response.headers,
  });
}

/** The Tidepool header names (DESIGN.md §9), spelled once for servers, the SDK and styx. */

/** Carries a session token: sent by clients, returned on login, signup and refresh. */
export const SESSION_TOKEN_HEADER = 'x-tidepool-session-token';

/** The name a server logs in with (`POST /auth/serverlogin`). */
export const SERVER_NAME_HEADER = 'x-tidepool-server-name';

/** The shared server secret (server login, hakken publishing and gossip). */
export const SERVER_SECRET_HEADER = 'x-tidepool-server-secret';

/** The request id that every answer and every problem carries. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What the handlers of data work with, and the checks every route makes: who may act, and whose keys. */
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import {
  forbidden,
  getCaller,
  isProblemError,
  type Database,
  type RecordCipher,
  type SaltRing,
} from '@tidepool/kit';
import type { PermissionSource, PrivatePairSource } from '@tidepool/service-runtime';
import type { Permissions } from '@tidepool/spec';
import type { DataSchema } from '../db/schema.js';
import { userDataKeys, type UserDataKeys } from '../keys/user-data-keys.js';

export interface DataContext {
  readonly db: Database<DataSchema>;
  readonly logger: Logger;
  readonly ring: SaltRing;
  /** The aggregate `data/readings` cipher (DESIGN.md §6): one for every user. */
  readonly readings: RecordCipher;
  readonly permissions: PermissionSource;
  readonly pairs: PrivatePairSource;
  readonly queryPageSize: number;
}

/**
 * Lets the request through when its caller is a server or holds what `rule` asks on the data
 * of `userid` (DESIGN.md §9); otherwise a 403 problem with `detail`.
 */
export async function authorize(
  context: DataContext,
  request: IncomingMessage,
  userid: string,
  rule: (permissions: Permissions) => boolean,
  detail: string,
): Promise<void> {
  const caller = getCaller(request);
  if (caller.isServer) return;
  if (!rule(await context.permissions.permissionsOf(userid, caller.userid))) throw forbidden(detail);
}

/** The user's data keys, from their `data` pair; rejects with metadata's 404 when no account has the id. */
export async function keysOf(context: DataContext, userid: string): Promise<UserDataKeys> {
  return userDataKeys(context.ring, await context.pairs.pairOf(userid, 'data'));
}

/** The user's data keys, or undefined when no account has the id (such a user has no data to read). */
export async function keysIfKnown(context: DataContext, userid: string): Promise<UserDataKeys | undefined> {
  try {
    return await keysOf(context, userid);
  } catch (error) {
    if (isProblemError(error) && error.status === 404) return undefined;
    throw error;
  }
}

export const MAY_NOT_VIEW = 'Reading data needs view, custodian or root on the user.';
export const MAY_NOT_UPLOAD = 'Uploading or deleting data needs upload, custodian or root on the user.';

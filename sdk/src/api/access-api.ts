/** `client.access`: who may see whose data, and invitations to share (access, under `/access`). */
import type { Permissions, PermissionsByUser, ServiceStatus } from '@tidepool/spec';
import type { RequestOptions } from '../options/request-options.js';
import { InvitationsApi } from './invitations-api.js';
import type { RawClient } from './raw-client.js';
import { successBody } from './success-body.js';

/**
 * Sharing. A *group* is the user whose data is shared (the patient); permissions are `view`,
 * `upload`, `note`, `custodian` and `admin`, each `{}` when granted. A user always holds
 * `root` on their own data (DESIGN.md §9, permission rules).
 */
export class AccessApi {
  readonly #raw: RawClient['access'];
  /** Sharing by email: send, list, cancel, accept and decline invitations. */
  readonly invitations: InvitationsApi;

  constructor(raw: RawClient['access']) {
    this.#raw = raw;
    this.invitations = new InvitationsApi(raw);
  }

  /**
   * Who shares with the user: `{sharerId: permissions}`, the user themself included as `{root: {}}`.
   *
   * @example
   * const groups = await client.access.listGroups(myUserId);
   * const patientsICanSee = Object.keys(groups).filter((id) => id !== myUserId);
   */
  async listGroups(userid: string, options?: RequestOptions): Promise<PermissionsByUser> {
    return successBody(await this.#raw.listGroups({ params: { userid }, requestOptions: options }), 200);
  }

  /** Who may reach the user's data: `{granteeId: permissions}`. Needs root, custodian or admin. */
  async listGrantees(userid: string, options?: RequestOptions): Promise<PermissionsByUser> {
    return successBody(await this.#raw.listGrantees({ params: { userid }, requestOptions: options }), 200);
  }

  /**
   * What `userid` may do with the data of `groupid`.
   *
   * @throws NotFoundError when `userid` holds no permission on the group.
   */
  async getPermissions(groupid: string, userid: string, options?: RequestOptions): Promise<Permissions> {
    return successBody(
      await this.#raw.getPermissions({ params: { groupid, userid }, requestOptions: options }),
      200,
    );
  }

  /**
   * Replaces what `userid` may do with the data of `groupid`; `{}` removes every permission.
   * Only root, custodian or admin on the group may; a grantee may remove themself.
   *
   * @example
   * await client.access.setPermissions(patientId, clinicianId, { view: {}, note: {} });
   * await client.access.setPermissions(patientId, clinicianId, {}); // stop sharing
   */
  async setPermissions(
    groupid: string,
    userid: string,
    permissions: Permissions,
    options?: RequestOptions,
  ): Promise<Permissions> {
    const response = await this.#raw.setPermissions({
      params: { groupid, userid },
      body: permissions,
      requestOptions: options,
    });
    return successBody(response, 200);
  }

  /** The health of the access service. */
  async getStatus(options?: RequestOptions): Promise<ServiceStatus> {
    return successBody(await this.#raw.getStatus({ requestOptions: options }), 200);
  }
}

/** `client.metadata`: profile, preferences and settings of a user (metadata, under `/metadata`). */
import type { Collection, CollectionName, CollectionPatch, ServiceStatus, SharedUser } from '@tidepool/spec';
import type { RequestOptions } from '../options/request-options.js';
import type { RawClient } from './raw-client.js';
import { successBody } from './success-body.js';

/**
 * A user's metadata, in collections: `profile` (full name, and for patients the `patient`
 * object), `preferences` and `settings`. Stored encrypted; whether a user is a patient is
 * known only from the profile (DESIGN.md §6).
 */
export class MetadataApi {
  readonly #raw: RawClient['metadata'];

  constructor(raw: RawClient['metadata']) {
    this.#raw = raw;
  }

  /**
   * One collection of the user. Viewers of a patient see the profile only.
   *
   * @example
   * const profile = await client.metadata.get(userId, 'profile');
   * @throws NotFoundError when the user has no such collection yet.
   */
  async get(userid: string, collection: CollectionName, options?: RequestOptions): Promise<Collection> {
    return successBody(
      await this.#raw.getCollection({ params: { userid, collection }, requestOptions: options }),
      200,
    );
  }

  /**
   * Merges `patch` into the collection (a JSON merge patch, RFC 7396: nested objects merge and
   * `null` removes a key) and answers the result. Creates the collection when absent.
   *
   * @example
   * await client.metadata.update(userId, 'profile', { fullName: 'Ann Example', patient: { diagnosisType: 'type1' } });
   */
  async update(
    userid: string,
    collection: CollectionName,
    patch: CollectionPatch,
    options?: RequestOptions,
  ): Promise<Collection> {
    const response = await this.#raw.updateCollection({
      params: { userid, collection },
      body: patch,
      requestOptions: options,
    });
    return successBody(response, 200);
  }

  /**
   * The same merge as {@link MetadataApi.update}, sent as POST as some Tidepool clients do.
   * Prefer `update`: a PUT may be retried after a network failure, a POST may not.
   */
  async merge(
    userid: string,
    collection: CollectionName,
    patch: CollectionPatch,
    options?: RequestOptions,
  ): Promise<Collection> {
    const response = await this.#raw.mergeCollection({
      params: { userid, collection },
      body: patch,
      requestOptions: options,
    });
    return successBody(response, 200);
  }

  /** The people who share with the user or with whom the user shares, with names and permissions. */
  async listSharedUsers(userid: string, options?: RequestOptions): Promise<SharedUser[]> {
    return successBody(await this.#raw.listUsers({ params: { userid }, requestOptions: options }), 200);
  }

  /** The health of the metadata service. */
  async getStatus(options?: RequestOptions): Promise<ServiceStatus> {
    return successBody(await this.#raw.getStatus({ requestOptions: options }), 200);
  }
}

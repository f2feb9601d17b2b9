/** `client.data`: device data upload, query, summaries and uploads (data, under `/data`). */
import type {
  DataQuerySchema,
  ServiceStatus,
  StoredDatum,
  Summary,
  SummaryQuerySchema,
  UploadBody,
  UploadRecord,
  UploadResult,
} from '@tidepool/spec';
import type { z } from 'zod';
import type { RequestOptions } from '../options/request-options.js';
import type { RawClient } from './raw-client.js';
import { successBody } from './success-body.js';

/** The filters of {@link DataApi.query} as a caller writes them (`latest: true`, not `'true'`). */
export type DataQueryInput = z.input<typeof DataQuerySchema>;

/** The range and thresholds of {@link DataApi.summary}. */
export type SummaryQueryInput = z.input<typeof SummaryQuerySchema>;

/** Device data of a user: readings, doses, settings and their uploads (Tidepool data model). */
export class DataApi {
  readonly #raw: RawClient['data'];

  constructor(raw: RawClient['data']) {
    this.#raw = raw;
  }

  /**
   * Stores one datum or an array (up to 10000), all or nothing. An array may carry its
   * `upload` record together with the readings that name it by `uploadId`. mg/dL values are
   * stored as mmol/L. Needs upload, custodian or root on the user.
   *
   * Not retried after a timeout or a dropped connection, since the server may have stored the
   * data; sending the same data again is safe, though, as duplicates are skipped and counted.
   *
   * @example
   * const result = await client.data.upload(userId, [
   *   { type: 'cbg', time: '2024-05-01T08:30:00Z', units: 'mg/dL', value: 112, deviceId: 'DexG6_ABC123', uploadId: 'u1' },
   * ]);
   * result.stored; // 1
   * @throws BadRequestError whose `errors` name each invalid datum by index (`3.value`).
   */
  async upload(userid: string, data: UploadBody, options?: RequestOptions): Promise<UploadResult> {
    return successBody(
      await this.#raw.uploadData({ params: { userid }, body: data, requestOptions: options }),
      200,
    );
  }

  /**
   * The data matching every filter, sorted by `time`; glucose values in mmol/L.
   *
   * @example
   * const readings = await client.data.query(userId, { type: 'cbg', startDate: '2024-05-01T00:00:00Z' });
   * const latestOfEach = await client.data.query(userId, { type: 'cbg,basal', latest: true });
   */
  async query(userid: string, query: DataQueryInput = {}, options?: RequestOptions): Promise<StoredDatum[]> {
    return successBody(
      await this.#raw.queryData({ params: { userid }, query, requestOptions: options }),
      200,
    );
  }

  /**
   * Glucose statistics between `startDate` and `endDate`: mean, variability, GMI and time in
   * ranges (fractions 0–1), in mmol/L unless `units` says otherwise.
   *
   * @example
   * const summary = await client.data.summary(userId, { startDate: '2024-05-01T00:00:00Z', endDate: '2024-05-15T00:00:00Z' });
   * console.log(`${Math.round(summary.timeInRange * 100)} % in range`);
   * @throws NotFoundError when there is no glucose reading in the range.
   */
  async summary(userid: string, query: SummaryQueryInput, options?: RequestOptions): Promise<Summary> {
    return successBody(
      await this.#raw.getSummary({ params: { userid }, query, requestOptions: options }),
      200,
    );
  }

  /** Every upload of the user with the span of its data, newest first. */
  async listUploads(userid: string, options?: RequestOptions): Promise<UploadRecord[]> {
    return successBody(await this.#raw.listUploads({ params: { userid }, requestOptions: options }), 200);
  }

  /** Deletes every datum of one upload. Needs upload, custodian or root on the user. */
  async deleteUpload(userid: string, uploadId: string, options?: RequestOptions): Promise<void> {
    successBody(await this.#raw.deleteUpload({ params: { userid, uploadId }, requestOptions: options }), 204);
  }

  /** The health of the data service. */
  async getStatus(options?: RequestOptions): Promise<ServiceStatus> {
    return successBody(await this.#raw.getStatus({ requestOptions: options }), 200);
  }
}

/** Reading data: the streamed query and the glucose summary (DESIGN.md §9). */
import { Readable } from 'node:stream';
import { badRequest, notFound, streamedBody } from '@tidepool/kit';
import { mayView } from '@tidepool/service-runtime';
import {
  isMilligramsPerDeciliter,
  type DataQuery,
  type StoredDatum,
  type SummaryQuery,
} from '@tidepool/spec';
import { readLatestRows, type DataFilter } from '../store/data-pages.js';
import { readLatestBlockEntries } from '../store/block-entries.js';
import { blockJsonStream } from '../store/block-json-stream.js';
import { compareEntries, type DatumEntry } from '../store/datum-codec.js';
import { hasLegacyData, readDatumEntries, rowEntries } from '../store/datum-entries.js';
import { dataJsonStream, jsonArray, pageJson, type DatumOpeners } from '../store/datum-json-stream.js';
import { createBlockReader } from '../store/reading-blocks.js';
import { createSourceDirectory, findSourceIds } from '../store/sources.js';
import {
  createGlucoseAccumulator,
  DEFAULT_THRESHOLDS,
  type GlucoseAccumulator,
  type GlucoseThresholds,
} from '../summary/glucose-summary.js';
import type { UserDataKeys } from '../keys/user-data-keys.js';
import { authorize, keysIfKnown, MAY_NOT_VIEW, type DataContext } from './data-context.js';
import type { DataHandlers } from './handler-types.js';

const commaList = (value: string | undefined) =>
  value === undefined ? undefined : value.split(',').filter((item) => item !== '');
const dateOf = (value: string | undefined) => (value === undefined ? undefined : new Date(value));

export function createQueryHandlers(context: DataContext): Pick<DataHandlers, 'queryData' | 'getSummary'> {
  return {
    queryData: async ({ params, query, req }) => {
      await authorize(context, req, params.userid, mayView, MAY_NOT_VIEW);
      const keys = await keysIfKnown(context, params.userid);
      if (keys === undefined) return { status: 200, body: [] };
      const filter = await queryFilter(context, keys, query);
      const openers: DatumOpeners = {
        db: context.db,
        sources: createSourceDirectory(context.db, keys),
        identity: keys.identity,
      };
      if (query.latest === true) {
        const rows = await readLatestRows(context.db, filter);
        const entries = newestOfEachType([
          ...(await rowEntries(rows, createBlockReader(context.db, context.readings))),
          ...(await readLatestBlockEntries(context.db, context.readings, filter)),
        ]);
        const texts = await pageJson(entries, openers);
        return { status: 200, body: streamedBody<StoredDatum[]>(Readable.from([jsonArray(texts)])) };
      }
      // Without legacy rows to merge in, the answer is written from the blocks' plaintext.
      const stream = (await hasLegacyData(context.db, filter))
        ? await dataJsonStream(
            readDatumEntries(context.db, context.readings, filter, context.queryPageSize),
            openers,
          )
        : await blockJsonStream(context.db, context.readings, filter, openers);
      return { status: 200, body: streamedBody<StoredDatum[]>(stream) };
    },

    getSummary: async ({ params, query, req }) => {
      await authorize(context, req, params.userid, mayView, MAY_NOT_VIEW);
      const units = query.units ?? 'mmol/L';
      const thresholds = summaryThresholds(query, units);
      const start = new Date(query.startDate);
      const end = new Date(query.endDate);
      if (start > end) throw badRequest('startDate must not be after endDate.');
      const keys = await keysIfKnown(context, params.userid);
      const accumulator = createGlucoseAccumulator(units, thresholds);
      if (keys !== undefined) {
        // CGM readings when there are any, else meter readings (the contract's fallback).
        for (const type of ['cbg', 'smbg']) {
          await addReadings(context, accumulator, {
            storageNames: keys.storageNames,
            types: [type],
            start,
            end,
          });
          if (accumulator.count > 0) break;
        }
      }
      const statistics = accumulator.statistics();
      if (statistics === undefined) throw notFound('No glucose reading in the range.');
      return {
        status: 200,
        body: { startDate: query.startDate, endDate: query.endDate, units, ...statistics, thresholds },
      };
    },
  };
}

/** The newest entry of each type (then the greatest id), sorted by time then id: Tidepool's `latest=true`. */
function newestOfEachType(entries: readonly DatumEntry[]): DatumEntry[] {
  const newest = new Map<string, DatumEntry>();
  for (const entry of entries) {
    const found = newest.get(entry.type);
    if (found === undefined || compareEntries(entry, found) > 0) newest.set(entry.type, entry);
  }
  return [...newest.values()].sort(compareEntries);
}

async function queryFilter(context: DataContext, keys: UserDataKeys, query: DataQuery): Promise<DataFilter> {
  return {
    storageNames: keys.storageNames,
    types: commaList(query.type),
    subTypes: commaList(query.subType),
    start: dateOf(query.startDate),
    end: dateOf(query.endDate),
    sourceIds: await findSourceIds(context.db, keys, { deviceId: query.deviceId, uploadId: query.uploadId }),
  };
}

/** The query's thresholds, each defaulting to the consensus value in the query's units; 400 unless increasing. */
function summaryThresholds(
  query: SummaryQuery,
  units: NonNullable<SummaryQuery['units']>,
): GlucoseThresholds {
  const defaults = isMilligramsPerDeciliter(units) ? DEFAULT_THRESHOLDS.mgdL : DEFAULT_THRESHOLDS.mmolL;
  const thresholds = {
    veryLow: query.veryLowThreshold ?? defaults.veryLow,
    low: query.lowThreshold ?? defaults.low,
    high: query.highThreshold ?? defaults.high,
    veryHigh: query.veryHighThreshold ?? defaults.veryHigh,
  };
  if (!(
    thresholds.veryLow < thresholds.low &&
    thresholds.low < thresholds.high &&
    thresholds.high < thresholds.veryHigh
  )) {
    throw badRequest(
      'Thresholds must increase: veryLowThreshold < lowThreshold < highThreshold < veryHighThreshold.',
    );
  }
  return thresholds;
}

/** Feeds the `value` of every matching reading to the accumulator, a page at a time. */
async function addReadings(
  context: DataContext,
  accumulator: GlucoseAccumulator,
  filter: DataFilter,
): Promise<void> {
  for await (const page of readDatumEntries(context.db, context.readings, filter, context.queryPageSize)) {
    for (const entry of page) {
      const { value } = JSON.parse(`{${entry.members}}`) as { value?: unknown };
      if (typeof value === 'number') accumulator.add(value);
    }
  }
}

/**
 * data: what checking an upload's body against the contract costs. The contract's schema
 * (`UploadBodySchema`, whose `DatumSchema` takes plain glucose readings without zod's walk)
 * against zod's walk over every datum, measured interleaved in one process on the
 * committed two-week Dexcom Clarity sample as the CLI uploads it, on plain readings only, and on
 * the same readings as Loop sends them (trend arrow and rate, zone name, origin).
 * ts-rest runs this check on the request's turn of the event loop, before the handler: every
 * other request to the data service waits for it.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseClarityCsv } from '@tidepool/sdk';
import { DatumSchema, MAXIMUM_DATA_PER_REQUEST, UploadBodySchema } from '@tidepool/spec';
import { median, type BenchReport, type BenchRow, type Benchmark } from './bench-report.js';

const ROUNDS = 7;
const SAMPLE = new URL('../../cli/samples/clarity-two-weeks.csv', import.meta.url);

const contenders: Record<string, z.ZodTypeAny> = {
  'contract schema': UploadBodySchema,
  "zod's walk": z.array(new z.ZodEffects(DatumSchema._def)).min(1).max(MAXIMUM_DATA_PER_REQUEST),
};

function bodies(): Record<string, unknown[]> {
  const file = parseClarityCsv(readFileSync(SAMPLE, 'utf8'), { timezone: 'Europe/Paris' });
  const clarity = [file.upload, ...file.data];
  const plain = clarity
    .filter((datum) => datum.type === 'cbg')
    .map((datum) => ({ ...datum, payload: undefined, guid: undefined }))
    .map((datum) => JSON.parse(JSON.stringify(datum)) as unknown);
  // The same readings as Loop sends every one: its trend arrow and rate, its zone's name and origin.
  const trends = ['constant', 'slowRise', 'slowFall'] as const;
  const loop = plain.map((datum, index) => ({
    ...(datum as object),
    trend: trends[index % trends.length],
    trendRate: ((index % 7) - 3) / 10,
    timezone: 'America/Los_Angeles',
    origin: { id: `reading-${index}`, name: 'com.loopkit.Loop', type: 'application' },
  }));
  return { 'Clarity sample': clarity, 'plain readings': plain, 'Loop readings': loop };
}

/** Milliseconds to check `text` parsed afresh (as the body parser hands it over), parse excluded. */
function checkMilliseconds(schema: z.ZodTypeAny, text: string): number {
  const body: unknown = JSON.parse(text);
  const started = process.hrtime.bigint();
  const result = schema.safeParse(body);
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (!result.success) throw new Error(`The benchmark's body is invalid: ${result.error.message}`);
  return elapsed;
}

const benchmark: Benchmark = {
  name: 'upload validation',
  async run(): Promise<BenchReport> {
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    for (const [bodyName, body] of Object.entries(bodies())) {
      const text = JSON.stringify(body);
      const times = new Map<string, number[]>();
      for (const schema of Object.values(contenders)) checkMilliseconds(schema, text); // warm-up
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const [name, schema] of Object.entries(contenders)) {
          times.set(name, [...(times.get(name) ?? []), checkMilliseconds(schema, text)]);
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      const contract = median(times.get('contract schema') ?? []);
      const walk = median(times.get("zod's walk") ?? []);
      rows.push({
        metric: `${bodyName} (${body.length} data): contract schema vs zod's walk`,
        value: contract,
        unit: 'ms',
        anchor: { name: "zod's walk", value: walk },
        ratio: contract / walk,
        aim: 'lower is better',
      });
      notes.push(`${bodyName}: ${(text.length / 1024).toFixed(0)} KiB of JSON`);
    }
    return {
      benchmark: 'upload validation',
      rows,
      notes: [...notes, `${ROUNDS} rounds interleaved, medians; the JSON parse is not counted`],
    };
  },
};

export default benchmark;

/**
 * The services' logger: what censoring secrets costs a log line. The kit's logger (pino with
 * `censorSecrets` on each line) against the same pino without any censoring, and against
 * pino's own `redact` with the path list the kit used before (each secret name at every depth
 * up to four), measured interleaved in one process.
 */
import { pino, type Logger } from 'pino';
import { createLogger, CREDENTIAL_HEADERS, SECRET_FIELDS } from '@tidepool/kit';
import { median, type BenchReport, type BenchRow, type Benchmark } from './bench-report.js';

const LINES_PER_ROUND = 20_000;
const ROUNDS = 5;

/** The kit's path list before `censorSecrets`: pino matches `*` for one level only. */
function previousRedactPaths(): string[] {
  const paths: string[] = [];
  for (const header of CREDENTIAL_HEADERS) {
    for (const holder of ['req.headers', 'res.headers', 'headers', 'request.headers', 'response.headers']) {
      paths.push(`${holder}["${header}"]`);
    }
  }
  for (const field of SECRET_FIELDS) {
    for (let depth = 0; depth <= 4; depth += 1) paths.push('*.'.repeat(depth) + field);
  }
  return paths;
}

/** A destination that keeps nothing: the cost measured is the logger's, not a disk's. */
const nowhere = { write: (_line: string) => true };

function pinoLike(redact?: { paths: string[]; censor: string }): Logger {
  return pino(
    {
      level: 'info',
      base: { service: 'bench' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      ...(redact && { redact }),
    },
    nowhere,
  );
}

const contenders: Record<string, Logger> = {
  'kit logger': createLogger({ service: 'bench', level: 'info', destination: nowhere }),
  'pino, no censoring': pinoLike(),
  'pino redact, previous paths': pinoLike({ paths: previousRedactPaths(), censor: '[Redacted]' }),
};

/** Lines the services write: the request line of every request, a slot's line relayed by shio, one with a secret. */
const lines: Record<string, { readonly object: object; readonly message: string }> = {
  'request line': {
    object: {
      requestId: '9e23912d-6afd-4c28-837d-8c310058bf78',
      method: 'GET',
      route: 'getUser',
      status: 200,
      durationMs: 1.2,
    },
    message: 'request completed',
  },
  'relayed slot line': {
    object: {
      stream: 'stdout',
      output: {
        level: 'info',
        time: '2026-12-01T17:54:43.107Z',
        service: 'styx',
        requestId: '9e23912d-6afd-4c28-837d-8c310058bf78',
        method: 'GET',
        path: '/auth/user',
        route: 'user-api',
        target: 'user-api',
        attempts: 1,
        status: 200,
        durationMs: 2.9,
        msg: 'request',
      },
    },
    message: 'slot output',
  },
  'line with a secret field': {
    object: { user: { userid: '0123456789', hash: 'not-to-be-seen' }, attempt: 2 },
    message: 'login refused',
  },
};

function microsecondsPerLine(logger: Logger, object: object, message: string): number {
  const started = process.hrtime.bigint();
  for (let index = 0; index < LINES_PER_ROUND; index += 1) logger.info(object, message);
  return Number(process.hrtime.bigint() - started) / 1000 / LINES_PER_ROUND;
}

const benchmark: Benchmark = {
  name: 'log redaction',
  async run(): Promise<BenchReport> {
    const rows: BenchRow[] = [];
    for (const [lineName, { object, message }] of Object.entries(lines)) {
      const times = new Map<string, number[]>();
      for (const logger of Object.values(contenders)) microsecondsPerLine(logger, object, message); // warm-up
      for (let round = 0; round < ROUNDS; round += 1) {
        for (const [name, logger] of Object.entries(contenders)) {
          times.set(name, [...(times.get(name) ?? []), microsecondsPerLine(logger, object, message)]);
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
      const kit = median(times.get('kit logger') ?? []);
      for (const anchor of ['pino, no censoring', 'pino redact, previous paths']) {
        const value = median(times.get(anchor) ?? []);
        rows.push({
          metric: `${lineName}: kit logger per line vs ${anchor}`,
          value: kit,
          unit: 'µs',
          anchor: { name: anchor, value },
          ratio: kit / value,
          aim: anchor === 'pino, no censoring' ? 'near 1 (lower is better)' : 'lower is better',
        });
      }
    }
    return {
      benchmark: 'log redaction',
      rows,
      notes: [
        `${LINES_PER_ROUND} lines a round, ${ROUNDS} rounds interleaved, medians; lines written to a destination that drops them`,
      ],
    };
  },
};

export default benchmark;

/** Embedded PGlite keeps the statements a service runs prepared, as postgres.js does. */
import {
  parse,
  protocol,
  type PGlite,
  type QueryOptions,
  type Results,
  type Transaction,
} from '@electric-sql/pglite';

const { serialize } = protocol;

export interface StatementCacheOptions {
  /** How many statements stay prepared; the least recently used one is closed beyond. */
  readonly maxStatements?: number;
  /**
   * Longer statement texts run as PGlite runs them, unprepared: they are the multi-row inserts
   * of an upload, whose text changes with the number of rows and would only evict the others.
   */
  readonly maxTextLength?: number;
}

/** What the cache adds to PGlite: how many statements are prepared, and the text of each. */
export interface StatementCache {
  readonly size: number;
  readonly texts: () => readonly string[];
}

type Parsers = PGlite['parsers'];

interface PreparedStatement {
  readonly name: string;
  readonly parameterTypes: readonly number[];
}

/** Codes after which a prepared statement cannot be used again, so it is forgotten. */
const STALE_STATEMENT_CODES = new Set([
  // "cached plan must not change result type", after its table changed.
  '0A000',
  // "prepared statement … does not exist", after `DEALLOCATE ALL` or `DISCARD ALL`.
  '26000',
]);

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}

/** PGlite's errors name the statement that failed (its text, never its values): so do these. */
async function withQuery<T>(text: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Error) Object.assign(error, { query: text });
    throw error;
  }
}

function errorCode(error: unknown): unknown {
  return error instanceof Error ? (error as { code?: unknown }).code : undefined;
}

/**
 * Makes `client.query` (and the `query` of its transactions) run each statement as a named
 * prepared statement, kept by its text. PGlite's own `query` parses, plans and describes every
 * statement anew, in six calls into PostgreSQL: for the two short statements of a token check
 * and an account read that was ~1.2–1.7 ms of CPU, against ~0.45 ms prepared. A statement now
 * costs one call, bind, describe, execute and sync together; its first run adds one call that
 * parses and describes it.
 *
 * Answers, errors and transactions stay as PGlite gives them: the same results (its own
 * `parseResults`), the same `DatabaseError` with the statement's text as `query` (not its
 * values), the same locks (a statement waits for a transaction in progress).
 * `exec`, statements with a `blob` or `paramTypes`, and texts beyond `maxTextLength` go to
 * PGlite's own `query`. `openDatabase` calls it after migrating: a migration's statements run once.
 * A statement whose table changed since it was prepared is prepared again.
 */
export function cacheStatements(client: PGlite, options: StatementCacheOptions = {}): StatementCache {
  const maxStatements = options.maxStatements ?? 100;
  const maxTextLength = options.maxTextLength ?? 8192;
  const statements = new Map<string, PreparedStatement>();
  /** Statements evicted from the cache, closed with the next message PGlite gets. */
  let toClose: string[] = [];
  let nextName = 0;
  /** The parsers of each options object over PGlite's (a prepared Drizzle query keeps its object). */
  const layeredParsers = new WeakMap<object, Parsers>();

  const preparable = (text: string, queryOptions: QueryOptions | undefined): boolean =>
    text.length <= maxTextLength &&
    queryOptions?.blob === undefined &&
    queryOptions?.paramTypes === undefined;

  function closingMessages(): Uint8Array[] {
    if (toClose.length === 0) return [];
    const messages = toClose.map((name) => serialize.close({ type: 'S', name }));
    toClose = [];
    return messages;
  }

  async function prepare(text: string): Promise<PreparedStatement> {
    const name = `tidepool_${String(nextName++)}`;
    const described = await withQuery(text, () =>
      client.execProtocolStream(
        concat([
          ...closingMessages(),
          serialize.parse({ name, text }),
          serialize.describe({ type: 'S', name }),
          serialize.sync(),
        ]),
        { syncToFs: false },
      ),
    );
    const statement = { name, parameterTypes: parse.parseDescribeStatementResults(described) };
    statements.set(text, statement);
    if (statements.size > maxStatements) {
      const [oldest] = statements;
      if (oldest !== undefined) {
        statements.delete(oldest[0]);
        toClose.push(oldest[1].name);
      }
    }
    return statement;
  }

  function serializeParameters(
    parameters: readonly unknown[],
    types: readonly number[],
    queryOptions: QueryOptions | undefined,
  ): (string | null)[] {
    return parameters.map((parameter, index) => {
      if (parameter === null || parameter === undefined) return null;
      const type = types[index] ?? 0;
      const serializer = queryOptions?.serializers?.[type] ?? client.serializers[type];
      if (serializer !== undefined) return serializer(parameter);
      // PGlite's own rule for a type without a serializer (`param.toString()`), kept the same.
      // eslint-disable-next-line @typescript-eslint/no-base-to-string
      return String(parameter);
    });
  }

  /**
   * The query's parsers over PGlite's. Layered rather than copied: PGlite's own hold ~300
   * entries (one per array type), and copying them, as PGlite's `query` does, cost ~180 µs a
   * statement; Drizzle gives every statement that is not `.prepare()`d new parsers.
   */
  function parsersFor(queryOptions: QueryOptions | undefined): Parsers {
    const own = queryOptions?.parsers;
    if (own === undefined) return client.parsers;
    let layered = layeredParsers.get(own);
    if (layered === undefined) {
      layered = Object.assign(Object.create(client.parsers) as Parsers, own);
      layeredParsers.set(own, layered);
    }
    return layered;
  }

  /** The statement kept for `text`, prepared now if it is not, and marked most recently used. */
  async function statementFor(text: string): Promise<PreparedStatement> {
    const kept = statements.get(text);
    if (kept === undefined) return prepare(text);
    // Most recently used last: the map's order is the eviction order.
    statements.delete(text);
    statements.set(text, kept);
    return kept;
  }

  function forget(text: string, statement: PreparedStatement): void {
    if (statements.get(text) !== statement) return;
    statements.delete(text);
    toClose.push(statement.name);
  }

  /** Runs a statement prepared; the caller holds PGlite's query lock. */
  async function runPrepared<T>(
    text: string,
    parameters: readonly unknown[],
    queryOptions: QueryOptions | undefined,
    inTransaction: boolean,
  ): Promise<Results<T>> {
    const notices = queryOptions?.onNotice === undefined ? {} : { onNotice: queryOptions.onNotice };
    const messages = await withQuery(text, async () => {
      for (let attempt = 1; ; attempt += 1) {
        const statement = await statementFor(text);
        const message = concat([
          ...closingMessages(),
          serialize.bind({
            statement: statement.name,
            values: serializeParameters(parameters, statement.parameterTypes, queryOptions),
          }),
          serialize.describe({ type: 'P' }),
          serialize.execute({}),
          serialize.sync(),
        ]);
        try {
          return await client.execProtocolStream(message, { syncToFs: false, ...notices });
        } catch (error) {
          const code = errorCode(error);
          if (typeof code !== 'string' || !STALE_STATEMENT_CODES.has(code)) throw error;
          forget(text, statement);
          // Refused before it ran: outside a transaction it can run again, prepared anew.
          // Inside one, the transaction has failed with it.
          if (inTransaction || attempt > 1) throw error;
        }
      }
    });
    if (!inTransaction) await client.syncToFs();
    // PGlite's parser, given the layered parsers: given the query's, it would copy its own again.
    const rowMode = queryOptions?.rowMode === undefined ? undefined : { rowMode: queryOptions.rowMode };
    const [result] = parse.parseResults(messages, parsersFor(queryOptions), rowMode);
    return result as Results<T>;
  }

  const query = client.query.bind(client);
  const transaction = client.transaction.bind(client);

  client.query = async <T>(text: string, parameters: unknown[] = [], queryOptions?: QueryOptions) => {
    if (!preparable(text, queryOptions)) return query<T>(text, parameters, queryOptions);
    await client._checkReady();
    return client._runExclusiveTransaction(() =>
      client._runExclusiveQuery(() => runPrepared<T>(text, parameters, queryOptions, false)),
    );
  };

  client.transaction = <T>(callback: (transaction: Transaction) => Promise<T>) =>
    transaction((open) => {
      const prepared: Transaction = Object.create(open, {
        query: {
          value: async <R>(text: string, parameters: unknown[] = [], queryOptions?: QueryOptions) => {
            if (!preparable(text, queryOptions) || open.closed)
              return open.query<R>(text, parameters, queryOptions);
            return client._runExclusiveQuery(() => runPrepared<R>(text, parameters, queryOptions, true));
          },
        },
      }) as Transaction;
      return callback(prepared);
    });

  return {
    get size() {
      return statements.size;
    },
    texts: () => [...statements.keys()],
  };
}

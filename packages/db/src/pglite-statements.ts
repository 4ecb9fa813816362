import { type PGlite, parse, type QueryOptions, type Results } from '@electric-sql/pglite';
import { serialize } from 'pg-protocol';

/** How many named statements the embedded database keeps prepared (the oldest unused one is closed). */
const DEFAULT_MAX_STATEMENTS = 200;

/** What the drizzle PGlite driver calls on its client (a PGlite instance, or a transaction of one). */
interface QueryClient {
  query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
}

interface Prepared {
  name: string;
  /** The parameters' types, as PostgreSQL inferred them: each value is serialized for its type. */
  parameterTypes: number[];
}

/** The check and the two locks PGlite's `query` takes (members of the class, not of its public interface). */
interface PGliteLocks {
  _checkReady(): Promise<void>;
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
}

/** Options of PGlite's query that this path handles itself; anything else goes to PGlite's own query. */
const handled = new Set(['rowMode', 'parsers']);

/**
 * Runs the queries drizzle sends to the embedded database as named prepared statements, each in one call.
 *
 * Why by hand: PGlite's `query` enters the database six times per query (parse, describe the statement,
 * bind, describe the portal, execute, sync, each a separate trip into the WebAssembly and its protocol code)
 * and has PostgreSQL parse and plan the text every time. Every query of the embedded database runs on the
 * server's thread, so that cost is paid by every request and stream. Measured on the run journal's insert
 * (one run with its conversation, messages, events and steps), alternating 1,400 times each in one
 * process: 2.99 ms of CPU through `query`, 2.49 ms as one unnamed call, 1.69 ms as a named statement in
 * one call; `select 1`: 0.49 ms and 0.20 ms. PGlite has no such mode, and the node-postgres driver it
 * ships goes through the same `query`.
 *
 * A text seen for the first time is parsed and described once ([Parse, Describe, Sync]), which also gives
 * its parameters' types, the types PGlite serializes values for (dates, arrays, JSON). Each run is then
 * [Bind, Describe, Execute, Sync] in one call, read with PGlite's own result parser and type parsers, so
 * rows, parsers, row modes and errors are those of `query`. The locks are PGlite's: a query outside a
 * transaction waits for one in progress, as `query` does. At most `maxStatements` stay prepared; the least
 * recently used is closed in the same call that prepares the next. A statement PostgreSQL no longer has,
 * or whose result changed shape after a schema change, is prepared again once. The messages are written
 * by node-postgres's serializer (`pg-protocol`): PGlite's copy counts each string's UTF-8 bytes in a
 * JavaScript loop, which under the API benchmark's load (the journal's parameters, 36 KB a statement)
 * was 2.5% of the server thread's busy samples.
 */
export class PreparingClient {
  private readonly statements = new Map<string, Prepared>();
  private readonly locks: PGliteLocks;
  private counter = 0;

  constructor(
    private readonly client: PGlite,
    private readonly maxStatements = DEFAULT_MAX_STATEMENTS,
  ) {
    this.locks = client as unknown as PGliteLocks;
  }

  /** How many statements are prepared now (for tests). */
  get preparedCount(): number {
    return this.statements.size;
  }

  /** A query outside a transaction: waits for any transaction in progress, like PGlite's `query`. */
  async query<T>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    if (!this.canHandle(options)) return this.client.query<T>(text, params, options);
    await this.locks._checkReady();
    return this.locks._runExclusiveTransaction(() =>
      this.locks._runExclusiveQuery(() => this.run<T>(text, params ?? [], options)),
    );
  }

  /** PGlite's transaction, whose queries (drizzle's, through the callback's client) take this path too. */
  transaction<T>(callback: (tx: QueryClient) => Promise<T>): Promise<T> {
    return this.client.transaction((tx) =>
      callback({
        query: <R>(text: string, params?: unknown[], options?: QueryOptions): Promise<Results<R>> => {
          if (tx.closed) throw new Error('Transaction is closed');
          if (!this.canHandle(options)) return tx.query<R>(text, params, options);
          return this.locks._runExclusiveQuery(() => this.run<R>(text, params ?? [], options));
        },
      }),
    );
  }

  /** Several statements in one text (simple protocol): PGlite's own `exec`. */
  exec(text: string, options?: QueryOptions): Promise<Results[]> {
    return this.client.exec(text, options);
  }

  private canHandle(options: QueryOptions | undefined): boolean {
    return !options || Object.keys(options).every((key) => handled.has(key));
  }

  private async run<T>(
    text: string,
    params: unknown[],
    options: QueryOptions | undefined,
    retried = false,
  ): Promise<Results<T>> {
    try {
      const statement = this.statements.get(text) ?? (await this.prepare(text));
      // Most recently used last: the first entry is the one to close when the cache is full.
      this.statements.delete(text);
      this.statements.set(text, statement);
      const { messages } = await this.client.execProtocol(
        Buffer.concat([
          serialize.bind({
            statement: statement.name,
            values: params.map((value, index) =>
              this.serialize(value, statement.parameterTypes[index], options),
            ),
          }),
          serialize.describe({ type: 'P' }),
          serialize.execute({}),
          serialize.sync(),
        ]),
      );
      return parse.parseResults(messages, this.client.parsers, options)[0] as Results<T>;
    } catch (error) {
      if (!retried && isStale(error)) {
        this.statements.delete(text);
        return this.run<T>(text, params, options, true);
      }
      throw withQuery(error, text, params, options);
    }
  }

  private async prepare(text: string): Promise<Prepared> {
    const name = `agentry_${++this.counter}`;
    const closing = this.evict();
    const { messages } = await this.client.execProtocol(
      Buffer.concat([
        ...closing.map((old) => serialize.close({ type: 'S', name: old })),
        serialize.parse({ name, text }),
        serialize.describe({ type: 'S', name }),
        serialize.sync(),
      ]),
    );
    return { name, parameterTypes: parse.parseDescribeStatementResults(messages) };
  }

  /** Makes room for one more statement: forgets the least recently used, and returns their names to close. */
  private evict(): string[] {
    const closing: string[] = [];
    for (const [text, statement] of this.statements) {
      if (this.statements.size < this.maxStatements) break;
      closing.push(statement.name);
      this.statements.delete(text);
    }
    return closing;
  }

  /** A parameter as text, the way PGlite's `query` serializes it for its type. */
  private serialize(value: unknown, type: number | undefined, options: QueryOptions | undefined) {
    if (value === null || value === undefined) return null;
    const serializer =
      type === undefined ? undefined : (options?.serializers?.[type] ?? this.client.serializers[type]);
    return serializer ? serializer(value) : String(value);
  }
}

/**
 * The statement is gone (26000: a `DEALLOCATE ALL` or `DISCARD ALL` ran) or its result's columns changed
 * under it (0A000 after an `ALTER TABLE`): preparing it again fixes both.
 */
function isStale(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === '26000' ||
    (code === '0A000' && /cached plan must not change result type/.test(String((error as Error).message)))
  );
}

/** Adds the query to a database error, as PGlite's `query` does (drizzle's error shows it). */
function withQuery(error: unknown, text: string, params: unknown[], options: QueryOptions | undefined) {
  if (error && typeof error === 'object' && 'severity' in error)
    Object.assign(error, { query: text, params, queryOptions: options });
  return error;
}

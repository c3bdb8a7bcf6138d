import mysql from 'mysql2';
import {
  CompiledQuery,
  MysqlAdapter,
  MysqlIntrospector,
  MysqlQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

import { currentAbortSignal } from './abort-scope.js';

/** Options of a `BoundedPool`. */
export interface BoundedPoolOptions {
  /** `mysql://user:password@host:port/database`. */
  readonly url: string;
  /** Label for metrics and logs, e.g. the cell name. */
  readonly label: string;
  /** Connections at most. Default `10`. */
  readonly connectionLimit?: number;
  /** Deadline of a query (and of waiting for a connection) when no abort scope bounds it, in ms. Default `10_000`. */
  readonly defaultTimeoutMs?: number;
  /** TCP connect plus handshake deadline in ms. Default `2_000`. */
  readonly connectTimeoutMs?: number;
  /** Server-side statement time limit in seconds, a backstop on a live server; `0` for none. Default `30`. */
  readonly serverStatementTimeoutS?: number;
  /** Called once per SQL statement sent, with the pool's label (metrics). */
  readonly onQueryFn?: (label: string) => void;
  /** Called when an abandoned connection is destroyed (metrics, logs). */
  readonly onAbandonFn?: (label: string, reason: unknown) => void;
}

/** Error of a query or connection wait that outlived its deadline. */
export class QueryDeadlineError extends Error {
  constructor(label: string, afterMs: number | undefined) {
    super(
      afterMs === undefined
        ? `Query on ${label} was aborted.`
        : `Query on ${label} did not finish within ${afterMs} ms.`,
    );
    this.name = 'QueryDeadlineError';
  }
}

/** Counts of a pool's connections, for metrics and leak checks. */
export interface PoolStats {
  readonly total: number;
  readonly busy: number;
  readonly waiting: number;
}

/**
 * A mysql2 pool whose every wait and query is bounded, and whose abandoned connections are destroyed.
 *
 * Why: mysql2's own query `timeout` neither stops the server's work nor frees the connection, its pool has no
 * acquire timeout, and TCP keep-alive never notices a frozen (SIGSTOP) server because the kernel still answers.
 * So each wait for a connection and each query races the innermost abort scope (`withAbortSignal`) or, without
 * one, `defaultTimeoutMs`. When the race is lost:
 *   1. the query's promise rejects at once (`QueryDeadlineError` or the signal's reason);
 *   2. the connection is destroyed, never returned to the pool, so no later query queues behind a hung one;
 *   3. `KILL <thread id>` is sent on a fresh short-lived connection (fire and forget, at most two at a time), so a
 *      live but slow server stops the work; a frozen one makes that connect fail after `connectTimeoutMs`.
 * A connection that arrives after its waiter gave up goes straight back to the pool.
 */
export class BoundedPool {
  readonly label: string;
  readonly #pool: mysql.Pool;
  readonly #options: Required<Omit<BoundedPoolOptions, 'onQueryFn' | 'onAbandonFn'>> &
    Pick<BoundedPoolOptions, 'onQueryFn' | 'onAbandonFn'>;
  readonly #connectionConfig: mysql.ConnectionOptions;
  #busy = 0;
  #waiting = 0;
  #kills = 0;

  constructor(options: BoundedPoolOptions) {
    this.label = options.label;
    this.#options = {
      connectionLimit: 10,
      defaultTimeoutMs: 10_000,
      connectTimeoutMs: 2_000,
      serverStatementTimeoutS: 30,
      ...options,
    };
    this.#connectionConfig = connectionOptionsFromUrl(options.url, this.#options.connectTimeoutMs);
    this.#pool = mysql.createPool({
      ...this.#connectionConfig,
      connectionLimit: this.#options.connectionLimit,
      maxIdle: this.#options.connectionLimit,
      idleTimeout: 60_000,
      queueLimit: 0,
      enableKeepAlive: true,
      keepAliveInitialDelay: 10_000,
    });
    const statementTimeoutS = this.#options.serverStatementTimeoutS;
    this.#pool.on('connection', (connection) => {
      // Queued before any caller's query on this connection, so every statement runs in UTC.
      connection.query("SET time_zone = '+00:00'", () => undefined);
      if (statementTimeoutS > 0) {
        // MariaDB: max_statement_time (seconds, any statement); MySQL 8 lacks it and has max_execution_time
        // (milliseconds, SELECT only) instead. Either is only a backstop behind KILL.
        connection.query(`SET SESSION max_statement_time = ${statementTimeoutS}`, (error) => {
          if (error)
            connection.query(`SET SESSION max_execution_time = ${statementTimeoutS * 1000}`, () => undefined);
        });
      }
    });
  }

  /** Connections now open, in use and awaited. */
  stats(): PoolStats {
    const internal = this.#pool as unknown as { _allConnections?: { length: number } };
    return { total: internal._allConnections?.length ?? 0, busy: this.#busy, waiting: this.#waiting };
  }

  /** Takes a connection, bounded by the current abort scope or the default timeout. */
  async acquire(): Promise<BoundedConnection> {
    const bound = this.#bound();
    this.#waiting++;
    try {
      const raw = await new Promise<mysql.PoolConnection>((resolve, reject) => {
        let settled = false;
        const stop = bound.onAbort((reason) => {
          settled = true;
          reject(reason);
        });
        this.#pool.getConnection((error, connection) => {
          stop();
          if (settled) {
            // The waiter gave up: hand the connection back (or drop a failed connect).
            if (!error) connection.release();
            return;
          }
          settled = true;
          if (error) reject(error);
          else resolve(connection);
        });
      });
      this.#busy++;
      return new BoundedConnection(this, raw);
    } finally {
      this.#waiting--;
      bound.dispose();
    }
  }

  /** Runs one statement on `raw`, bounded like `acquire`; destroys the connection if the deadline wins. */
  runOn(
    connection: BoundedConnection,
    raw: mysql.PoolConnection,
    sql: string,
    parameters: readonly unknown[],
  ) {
    const bound = this.#bound();
    this.#options.onQueryFn?.(this.label);
    return new Promise<unknown>((resolve, reject) => {
      if (bound.signal.aborted) {
        bound.dispose();
        reject(bound.signal.reason);
        return;
      }
      const stop = bound.onAbort((reason) => {
        this.#abandon(connection, raw, reason);
        reject(reason);
      });
      raw.query(sql, parameters as unknown[], (error, result) => {
        stop();
        bound.dispose();
        if (error) reject(error);
        else resolve(result);
      });
    });
  }

  /** Returns a connection to the pool (a destroyed one is only counted). */
  release(connection: BoundedConnection, raw: mysql.PoolConnection): void {
    if (connection.isReleased) return;
    connection.isReleased = true;
    this.#busy--;
    if (!connection.isDestroyed) raw.release();
  }

  /** Closes every connection. Idempotent. */
  async end(): Promise<void> {
    await new Promise<void>((resolve) => this.#pool.end(() => resolve()));
  }

  #abandon(connection: BoundedConnection, raw: mysql.PoolConnection, reason: unknown): void {
    if (connection.isDestroyed) return;
    connection.isDestroyed = true;
    const threadId = raw.threadId;
    raw.destroy();
    this.#options.onAbandonFn?.(this.label, reason);
    if (threadId !== null && this.#kills < 2) this.#kill(threadId);
  }

  #kill(threadId: number): void {
    this.#kills++;
    const control = mysql.createConnection({ ...this.#connectionConfig });
    let isFinished = false;
    const finish = () => {
      if (isFinished) return;
      isFinished = true;
      this.#kills--;
      clearTimeout(timer);
      control.destroy();
    };
    // A frozen server accepts the TCP connect and never answers: the connect timeout fails the connect, and
    // this timer covers a server that froze after it.
    const timer = setTimeout(finish, this.#options.connectTimeoutMs * 2);
    timer.unref();
    control.on('error', finish);
    // KILL of a thread that already ended fails with "Unknown thread id": that is fine.
    control.query(`KILL ${Number(threadId)}`, finish);
  }

  #bound(): Bound {
    const signal = currentAbortSignal();
    return new Bound(this.label, signal, signal ? undefined : this.#options.defaultTimeoutMs);
  }
}

/** One reserved connection of a `BoundedPool`. */
export class BoundedConnection implements DatabaseConnection {
  isDestroyed = false;
  isReleased = false;
  readonly #pool: BoundedPool;
  readonly #raw: mysql.PoolConnection;

  constructor(pool: BoundedPool, raw: mysql.PoolConnection) {
    this.#pool = pool;
    this.#raw = raw;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    if (this.isDestroyed)
      throw new Error(`Connection to ${this.#pool.label} was abandoned after a deadline.`);
    const result = await this.#pool.runOn(this, this.#raw, compiledQuery.sql, compiledQuery.parameters);
    if (Array.isArray(result)) return { rows: result as R[] };
    if (isOkPacket(result)) {
      return {
        rows: [],
        numAffectedRows: BigInt(result.affectedRows),
        numChangedRows: BigInt(result.changedRows ?? 0),
        ...(result.insertId ? { insertId: BigInt(result.insertId) } : {}),
      };
    }
    return { rows: [] };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not supported by the bounded driver.');
  }

  release(): void {
    this.#pool.release(this, this.#raw);
  }
}

/** A Kysely dialect for MySQL/MariaDB whose driver runs on a `BoundedPool`. */
export class BoundedMysqlDialect implements Dialect {
  readonly #pool: BoundedPool;
  constructor(pool: BoundedPool) {
    this.#pool = pool;
  }
  createAdapter(): DialectAdapter {
    return new MysqlAdapter();
  }
  createDriver(): Driver {
    return new BoundedDriver(this.#pool);
  }
  createQueryCompiler(): QueryCompiler {
    return new MysqlQueryCompiler();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new MysqlIntrospector(db);
  }
}

class BoundedDriver implements Driver {
  readonly #pool: BoundedPool;
  constructor(pool: BoundedPool) {
    this.#pool = pool;
  }
  async init(): Promise<void> {}
  acquireConnection(): Promise<DatabaseConnection> {
    return this.#pool.acquire();
  }
  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (settings.isolationLevel) {
      await connection.executeQuery(
        CompiledQuery.raw(`set transaction isolation level ${settings.isolationLevel}`),
      );
    }
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }
  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as BoundedConnection).release();
  }
  async destroy(): Promise<void> {
    await this.#pool.end();
  }
}

/** The deadline of one wait or query: the scope's signal, or a timer of its own. */
class Bound {
  readonly signal: AbortSignal;
  readonly #controller: AbortController | undefined;
  readonly #timer: NodeJS.Timeout | undefined;

  constructor(label: string, signal: AbortSignal | undefined, timeoutMs: number | undefined) {
    if (signal) {
      this.signal = signal;
      return;
    }
    // Created here, where the work starts, so the stack of the timeout error points at the caller.
    const error = new QueryDeadlineError(label, timeoutMs);
    this.#controller = new AbortController();
    this.signal = this.#controller.signal;
    this.#timer = setTimeout(() => this.#controller?.abort(error), timeoutMs);
    this.#timer.unref();
  }

  /** Calls `fn` once when the deadline passes (at once if it has); returns a function that cancels that. */
  onAbort(fn: (reason: unknown) => void): () => void {
    const signal = this.signal;
    if (signal.aborted) {
      queueMicrotask(() => fn(signal.reason));
      return () => undefined;
    }
    const listener = () => fn(signal.reason);
    signal.addEventListener('abort', listener, { once: true });
    return () => signal.removeEventListener('abort', listener);
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
  }
}

interface OkPacket {
  affectedRows: number;
  changedRows?: number;
  insertId?: number;
}

function isOkPacket(value: unknown): value is OkPacket {
  return typeof value === 'object' && value !== null && 'affectedRows' in value;
}

/** mysql2 connection options from a `mysql://` URL: UTC dates, bounded connect. */
export function connectionOptionsFromUrl(url: string, connectTimeoutMs: number): mysql.ConnectionOptions {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username || 'root'),
    password: decodeURIComponent(parsed.password),
    ...(database ? { database } : {}),
    timezone: 'Z',
    connectTimeout: connectTimeoutMs,
    supportBigNumbers: true,
    bigNumberStrings: false,
    multipleStatements: false,
    charset: 'utf8mb4_bin',
  };
}

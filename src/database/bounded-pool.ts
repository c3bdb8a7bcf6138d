import type { MysqlPool, MysqlQueryResult } from 'kysely';
import mysql from 'mysql2';

import { BoundedConnection, type ConnectionHooks } from './bounded-connection.js';
import { connectionOptionsFromUrl } from './connection-url.js';
import { ConnectionWaitDeadlineError } from './deadline-error.js';
import { Deadline } from './deadline.js';
import { killThread } from './kill-thread.js';

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

/** Counts of a pool's connections, for metrics and leak checks. */
export interface PoolStats {
  readonly total: number;
  readonly busy: number;
  readonly waiting: number;
}

/** `KILL` statements in flight at most per pool: a frozen server must not make abandons pile up connections. */
const MAX_KILLS = 2;

/**
 * A mysql2 pool whose every wait and query is bounded, and whose abandoned connections are destroyed; Kysely's
 * own `MysqlDialect` runs on it (it has the shape of a mysql2 pool, `MysqlPool`).
 *
 * Why: mysql2's own query `timeout` neither stops the server's work nor frees the connection, its pool has no
 * acquire timeout, and TCP keep-alive never notices a frozen (SIGSTOP) server because the kernel still answers.
 * So each wait for a connection and each query races whichever comes first of the innermost abort scope
 * (`withAbortSwitch`: a cell call's or the request's deadline) and `defaultTimeoutMs` (`Deadline`); both are
 * counted in the scope, so its owner can tell a wait for a connection from a slow database. When the race is lost:
 *   1. a wait for a connection fails with `ConnectionWaitDeadlineError`, and a connection that arrives after its
 *      waiter gave up goes straight back to the pool;
 *   2. a statement fails at once with the scope's reason (or `QueryDeadlineError`); its connection is destroyed,
 *      never returned to the pool, so no later query queues behind a hung one;
 *   3. `KILL <thread id>` is sent on a fresh short-lived connection (fire and forget, at most two at a time), so a
 *      live but slow server stops the work; a frozen one makes that connect fail after `connectTimeoutMs`.
 */
export class BoundedPool implements MysqlPool {
  readonly label: string;
  readonly #pool: mysql.Pool;
  readonly #connectionOptions: mysql.ConnectionOptions;
  readonly #defaultTimeoutMs: number;
  readonly #connectTimeoutMs: number;
  readonly #onAbandonFn: ((label: string, reason: unknown) => void) | undefined;
  readonly #hooks: ConnectionHooks;
  /** The wrapper of each mysql2 connection, made at its first checkout (dropped with the connection). */
  readonly #wrappers = new WeakMap<mysql.PoolConnection, BoundedConnection>();
  #busy = 0;
  #waiting = 0;
  #kills = 0;

  constructor(options: BoundedPoolOptions) {
    const connectionLimit = options.connectionLimit ?? 10;
    const statementTimeoutS = options.serverStatementTimeoutS ?? 30;
    this.label = options.label;
    this.#defaultTimeoutMs = options.defaultTimeoutMs ?? 10_000;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 2_000;
    this.#onAbandonFn = options.onAbandonFn;
    this.#connectionOptions = connectionOptionsFromUrl(options.url, this.#connectTimeoutMs);
    this.#pool = mysql.createPool({
      ...this.#connectionOptions,
      connectionLimit,
      maxIdle: connectionLimit,
      idleTimeout: 60_000,
      queueLimit: 0,
      enableKeepAlive: true,
      keepAliveInitialDelay: 10_000,
    });
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
    const onQueryFn = options.onQueryFn;
    this.#hooks = {
      label: this.label,
      defaultTimeoutMs: this.#defaultTimeoutMs,
      onQueryFn: onQueryFn ? () => onQueryFn(this.label) : () => undefined,
      abandonFn: (raw, reason) => this.#abandon(raw, reason),
      releaseFn: (raw, isAbandoned) => {
        this.#busy--;
        if (!isAbandoned) raw.release();
      },
    };
  }

  /** Connections now open, in use and awaited. */
  stats(): PoolStats {
    // mysql2's Pool counts its open connections (idle and busy) only in the private `_allConnections` list; there
    // is no public equivalent. mysql2 is pinned to an exact version, and test/integration/bounded-driver.test.ts
    // fails if this reads 0 while a connection is open, so an upgrade that renames it is caught.
    const internal = this.#pool as unknown as { _allConnections?: { length: number } };
    return { total: internal._allConnections?.length ?? 0, busy: this.#busy, waiting: this.#waiting };
  }

  /** Takes a connection (Kysely's `MysqlPool.getConnection`), bounded by the current abort scope or the default timeout. */
  getConnection(callback: (error: unknown, connection: BoundedConnection) => void): void {
    const deadline = new Deadline(
      this.#defaultTimeoutMs,
      () => new ConnectionWaitDeadlineError(this.label, this.#defaultTimeoutMs),
    );
    this.#waiting++;
    const scope = deadline.scope;
    if (scope) scope.connectionWaits++;
    let isSettled = false;
    const settle = () => {
      isSettled = true;
      this.#waiting--;
      if (scope) scope.connectionWaits--;
      deadline.dispose();
    };
    const stop = deadline.onAbort((reason) => {
      settle();
      const error = deadline.isScoped
        ? new ConnectionWaitDeadlineError(this.label, undefined, { cause: reason })
        : reason;
      callback(error, undefined as never);
    });
    this.#pool.getConnection((error, raw) => {
      stop();
      if (isSettled) {
        // The waiter gave up: hand the connection back (or drop a failed connect).
        if (!error) raw.release();
        return;
      }
      settle();
      if (error) {
        callback(error, undefined as never);
        return;
      }
      this.#busy++;
      let connection = this.#wrappers.get(raw);
      if (!connection) {
        connection = new BoundedConnection(raw, this.#hooks);
        this.#wrappers.set(raw, connection);
      }
      callback(null, connection.checkOut());
    });
  }

  /**
   * Runs one statement on a connection checked out for it and released after it, bounded as any statement of the
   * pool: what Kysely's executor does for a statement outside a transaction, without its layers of promises.
   */
  run(sql: string, parameters: readonly unknown[]): Promise<MysqlQueryResult> {
    return new Promise((resolve, reject) => {
      this.getConnection((error, connection) => {
        if (error) {
          reject(error);
          return;
        }
        connection.query(sql, parameters as unknown[], (queryError, result) => {
          connection.release();
          if (queryError) reject(queryError);
          else resolve(result);
        });
      });
    });
  }

  /** Closes every connection (Kysely's `MysqlPool.end`); never fails. Idempotent. */
  end(callback: (error: unknown) => void): void {
    this.#pool.end(() => callback(null));
  }

  #abandon(raw: mysql.PoolConnection, reason: unknown): void {
    const threadId = raw.threadId;
    raw.destroy();
    this.#onAbandonFn?.(this.label, reason);
    if (threadId === null || this.#kills >= MAX_KILLS) return;
    this.#kills++;
    void killThread(this.#connectionOptions, threadId, this.#connectTimeoutMs * 2).finally(() => {
      this.#kills--;
    });
  }
}

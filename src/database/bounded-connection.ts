import type { MysqlPoolConnection, MysqlQueryResult } from 'kysely';
import type { PoolConnection } from 'mysql2';

import { QueryDeadlineError } from './deadline-error.js';
import { Deadline } from './deadline.js';

/**
 * What a connection needs from its pool. Closures rather than methods of `BoundedPool`, so that the pool's
 * bookkeeping stays private to it (Kysely's `mysql-driver.js` keeps its release method private the same way,
 * behind a module-private symbol).
 */
export interface ConnectionHooks {
  readonly label: string;
  /** Deadline of a statement outside any abort scope, in ms. */
  readonly defaultTimeoutMs: number;
  /** Called once per statement sent. */
  readonly onQueryFn: () => void;
  /** The deadline passed while a statement ran: destroy `raw` and kill its server thread. Called once. */
  readonly abandonFn: (raw: PoolConnection, reason: unknown) => void;
  /** The caller is done with the connection (`isAbandoned`: it was destroyed, do not reuse it). Called once. */
  readonly releaseFn: (raw: PoolConnection, isAbandoned: boolean) => void;
}

/**
 * A `BoundedPool` connection, in the shape Kysely's `MysqlDialect` drives (`MysqlPoolConnection`): one per mysql2
 * connection, checked out again and again (`checkOut`), as mysql2's own pool hands out the same objects. Kysely
 * keys its own per-connection state by this object, so a fresh one per checkout would make it build and track a
 * new wrapper for every statement.
 *
 * Each statement races its deadline (`Deadline`); when the deadline wins, the statement's callback gets the
 * deadline's reason at once and the connection is abandoned: destroyed and its thread killed, never reused. Every
 * later statement on it fails with that same reason, so a transaction's ROLLBACK reports the deadline, not a
 * second error (the server rolls the transaction back when the connection dies).
 */
export class BoundedConnection implements MysqlPoolConnection {
  readonly #raw: PoolConnection;
  readonly #hooks: ConnectionHooks;
  #abandonedBy: { readonly reason: unknown } | undefined;
  #isReleased = true;

  constructor(raw: PoolConnection, hooks: ConnectionHooks) {
    this.#raw = raw;
    this.#hooks = hooks;
  }

  query(sql: string, parameters: unknown[]): { stream: never };
  query(
    sql: string,
    parameters: unknown[],
    callback: (error: unknown, result: MysqlQueryResult) => void,
  ): void;
  query(
    sql: string,
    parameters: unknown[],
    callback?: (error: unknown, result: MysqlQueryResult) => void,
  ): { stream: never } | void {
    if (!callback) throw new Error('Streaming is not supported by the bounded pool.');
    const hooks = this.#hooks;
    if (this.#abandonedBy) {
      callback(this.#abandonedBy.reason, []);
      return;
    }
    const deadline = new Deadline(
      hooks.defaultTimeoutMs,
      () => new QueryDeadlineError(hooks.label, hooks.defaultTimeoutMs),
    );
    if (deadline.abort.isAborted) {
      deadline.dispose();
      callback(deadline.abort.reason, []);
      return;
    }
    let isSettled = false;
    // Counted in the scope so that its owner can tell a slow database from a wait for a connection.
    const scope = deadline.scope;
    if (scope) scope.statementsInFlight++;
    const settle = () => {
      isSettled = true;
      if (scope) scope.statementsInFlight--;
    };
    const stop = deadline.onAbort((reason) => {
      settle();
      this.#abandon(reason);
      callback(reason, []);
    });
    hooks.onQueryFn();
    this.#raw.query(sql, parameters, (error, result) => {
      stop();
      deadline.dispose();
      if (isSettled) return;
      settle();
      callback(error, result as MysqlQueryResult);
    });
  }

  /** Starts a checkout: until `release`, the connection is its caller's. */
  checkOut(): this {
    this.#isReleased = false;
    return this;
  }

  /** Gives the connection back to its pool (an abandoned one is only counted). Once per checkout. */
  release(): void {
    if (this.#isReleased) return;
    this.#isReleased = true;
    this.#hooks.releaseFn(this.#raw, this.#abandonedBy !== undefined);
  }

  #abandon(reason: unknown): void {
    if (this.#abandonedBy) return;
    this.#abandonedBy = { reason };
    this.#hooks.abandonFn(this.#raw, reason);
  }
}

import type { Kysely } from 'kysely';
import { TimeoutError } from 'p-timeout';

import type { CellConnections } from '../cell-db/cell-connections.js';
import type { CellDatabase } from '../cell-db/cell-database.js';
import {
  boundedByScope,
  currentAbortScope,
  remainingMs,
  withAbortSwitch,
  type AbortScope,
} from '../database/abort-scope.js';
import { AbortSwitch } from '../database/abort-switch.js';
import { ConnectionWaitDeadlineError } from '../database/deadline-error.js';
import type { CellMapping } from '../registry/cell-mapping.js';
import { toError } from '../util/to-error.js';
import { Bulkhead } from './bulkhead.js';
import type { CellHealth } from './cell-health.js';
import type { CellMetrics } from './cell-metrics.js';
import type { CellOutcome, UnreachableOutcome } from './cell-outcome.js';
import { describeCellError } from './describe-cell-error.js';

/** What the deadline resolves to when it wins the race. */
const TIMED_OUT: unique symbol = Symbol('timed out');

/** The long-lived parts of the fan-out, shared by every request. */
export interface CellFanoutOptions {
  readonly connections: CellConnections;
  readonly health: CellHealth;
  readonly metrics: CellMetrics;
  /** Per-cell deadline of one request, in ms (`CELL_TIMEOUT_MS`). */
  readonly timeoutMs: number;
  /** Cell queries one request may have in flight per cell (`MAX_CELL_QUERIES_PER_REQUEST`). Default: no bound. */
  readonly maxQueriesPerCell?: number;
}

/** What a request asks one cell: a function of the cell's database. */
export type CellQuery<T> = (db: Kysely<CellDatabase>, cell: CellMapping) => Promise<T>;

/**
 * The fan-out of one request: asks cells with one deadline each and reports every answer as a `CellOutcome`.
 *
 * A cell that failed or timed out once in this request is skipped by the request's later calls, so a hung cell
 * costs a request at most one timeout; a cell whose circuit is open costs nothing.
 *
 * Fair to other requests (CONTRACT section 5, "Fair"): at most `maxQueriesPerCell` queries of this request are in
 * flight per cell (a bulkhead, so one request of many aliased pages cannot hold every connection of the cell's
 * pool), and only the cell's own failures move its breaker: a call that ran out of time while waiting for a
 * connection of the gateway's pool, or because the request's deadline cut it short, is `busy`, not `timeout`.
 * Inside a request scope (`REQUEST_TIMEOUT_MS`, `server/request-deadline.ts`) a call waits at most what the
 * request has left, so calls never stack past it.
 */
export class RequestFanout {
  readonly #options: CellFanoutOptions;
  readonly #failed = new Map<string, UnreachableOutcome>();
  readonly #bulkheads = new Map<string, Bulkhead>();

  constructor(options: CellFanoutOptions) {
    this.#options = options;
  }

  /** The per-cell deadline in ms. */
  get timeoutMs(): number {
    return this.#options.timeoutMs;
  }

  /**
   * Runs `query` on `cell` within `min(CELL_TIMEOUT_MS, what the request has left)`; never rejects.
   *
   * On timeout the query's abort scope fires, so its connection is destroyed and its server thread killed
   * (`database/bounded-connection.ts`) rather than left to hold a pooled connection.
   *
   * What a request whose own wait ran out reports: the cell is unreachable *for this request* (it is in its
   * `partial` / `unreachableCells`, because the answer really lacks that cell's rows, and claiming completeness
   * would be a lie), but the outcome is `busy`: nothing is recorded against the cell (breaker, `lastError`,
   * timeouts metric), so no other request's answer changes, and `cells` and `/readyz` keep showing it UP.
   */
  async query<T>(cell: CellMapping, query: CellQuery<T>): Promise<CellOutcome<T>> {
    const { health, metrics, timeoutMs } = this.#options;
    if (this.#failed.has(cell.uuid)) {
      return { status: 'skipped', cell, reason: 'failed-earlier-in-request' };
    }
    if (!health.isRequestAllowed(cell)) {
      metrics.countSkipped(cell.name);
      return this.#remember({ status: 'skipped', cell, reason: 'circuit-open' });
    }
    // The request's own queue: waiting here is bounded by the request's deadline (or one cell timeout outside a
    // request), and starts no cell timer, so a heavy request's later pages are not charged for its earlier ones.
    const queued = performance.now();
    const release = await this.#bulkhead(cell).acquire(remainingMs() ?? timeoutMs);
    if (!release) {
      return this.#remember({
        status: 'busy',
        cell,
        reason: 'request-deadline',
        afterMs: Math.round(performance.now() - queued),
      });
    }
    try {
      return await this.#ask(cell, query);
    } finally {
      release();
    }
  }

  /** Runs `query` on every cell in parallel; resolves to one outcome per cell, in the order of `cells`. */
  scatterGather<T>(cells: readonly CellMapping[], query: CellQuery<T>): Promise<CellOutcome<T>[]> {
    return Promise.all(cells.map((cell) => this.query(cell, query)));
  }

  /** The cells that did not answer during this request so far. */
  unreachableCells(): CellMapping[] {
    return [...this.#failed.values()].map((outcome) => outcome.cell);
  }

  /*
   * One call, after the bulkhead let it through:
   *   1. its deadline is `min(CELL_TIMEOUT_MS, what the request has left)`; none left: `busy`, the cell not asked;
   *   2. the query runs in an abort scope of its own, where the bounded pool counts its connection waits and
   *      statements (`database/abort-scope.ts`);
   *   3. at the deadline the scope is aborted (the pool destroys and kills a running statement). If the scope was
   *      only waiting for a pool connection (no statement in the database), or the request's deadline had cut the
   *      call short, the outcome is `busy` and the cell's health is untouched; otherwise it is the cell's
   *      `timeout`, recorded against its breaker;
   *   4. a `ConnectionWaitDeadlineError` (the pool's own wait bound) is `busy` too; any other error is `failed`.
   */
  async #ask<T>(cell: CellMapping, query: CellQuery<T>): Promise<CellOutcome<T>> {
    const { health, metrics, connections, timeoutMs } = this.#options;
    const callTimeoutMs = Math.floor(boundedByScope(timeoutMs));
    if (callTimeoutMs <= 0) {
      return this.#remember({ status: 'busy', cell, reason: 'request-deadline', afterMs: 0 });
    }
    const abort = new AbortSwitch();
    const started = performance.now();
    let scope: AbortScope | undefined;
    try {
      const db = connections.get(cell);
      const answer = await withinDeadline(
        withAbortSwitch(
          abort,
          () => {
            scope = currentAbortScope();
            return query(db, cell);
          },
          started + callTimeoutMs,
        ),
        callTimeoutMs,
      );
      if (answer === TIMED_OUT) {
        const isWaitingForPool =
          scope !== undefined && scope.connectionWaits > 0 && scope.statementsInFlight === 0;
        // Stop the work nobody waits for any more. The reason is built only now: a timeout is an outcome, and
        // its stack would point at the timer anyway.
        abort.abort(new TimeoutError(`Cell ${cell.name} did not answer within ${callTimeoutMs} ms.`));
        if (isWaitingForPool || callTimeoutMs < timeoutMs) {
          metrics.countBusy(cell.name);
          return this.#remember({
            status: 'busy',
            cell,
            reason: isWaitingForPool ? 'connection-wait' : 'request-deadline',
            afterMs: callTimeoutMs,
          });
        }
        metrics.countTimeout(cell.name);
        metrics.observeLatency(cell.name, (performance.now() - started) / 1000, 'timeout');
        health.recordFailure(cell, `timed out after ${timeoutMs} ms`);
        return this.#remember({ status: 'timeout', cell, afterMs: timeoutMs });
      }
      const elapsedMs = performance.now() - started;
      health.recordSuccess(cell, Math.round(elapsedMs * 10) / 10);
      metrics.observeLatency(cell.name, elapsedMs / 1000, 'ok');
      return { status: 'ok', cell, value: answer };
    } catch (thrown) {
      abort.abort(thrown); // stop the work nobody waits for any more
      const elapsedMs = performance.now() - started;
      if (thrown instanceof ConnectionWaitDeadlineError) {
        metrics.countBusy(cell.name);
        return this.#remember({
          status: 'busy',
          cell,
          reason: 'connection-wait',
          afterMs: Math.round(elapsedMs),
        });
      }
      const error = toError(thrown);
      metrics.countError(cell.name);
      metrics.observeLatency(cell.name, elapsedMs / 1000, 'failed');
      health.recordFailure(cell, describeCellError(error));
      return this.#remember({ status: 'failed', cell, error });
    }
  }

  #bulkhead(cell: CellMapping): Bulkhead {
    let bulkhead = this.#bulkheads.get(cell.uuid);
    if (!bulkhead) {
      bulkhead = new Bulkhead(this.#options.maxQueriesPerCell ?? Number.MAX_SAFE_INTEGER);
      this.#bulkheads.set(cell.uuid, bulkhead);
    }
    return bulkhead;
  }

  #remember<T>(outcome: UnreachableOutcome): CellOutcome<T> {
    this.#failed.set(outcome.cell.uuid, outcome);
    return outcome;
  }
}

/**
 * Resolves to `work`'s value, or to `TIMED_OUT` after `ms`, whichever comes first; clears its timer either way,
 * and rejects only when `work` does.
 *
 * Not p-timeout, on the hot path of every cell query: p-timeout 7.0.2 builds a `TimeoutError` (capturing a stack)
 * on every call, even with a `fallback`, and profiling showed that Error to cost ~4% of a list's CPU.
 */
function withinDeadline<T>(work: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  // One promise and one timer, not a race of two promises and a `finally` (three more per cell call).
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms, TIMED_OUT);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

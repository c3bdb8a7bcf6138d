import type { Kysely } from 'kysely';
import { TimeoutError } from 'p-timeout';

import type { CellConnections } from '../cell-db/cell-connections.js';
import type { CellDatabase } from '../cell-db/cell-database.js';
import { withAbortSignal } from '../database/abort-scope.js';
import type { CellMapping } from '../registry/cell-mapping.js';
import { toError } from '../util/to-error.js';
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
}

/** What a request asks one cell: a function of the cell's database. */
export type CellQuery<T> = (db: Kysely<CellDatabase>, cell: CellMapping) => Promise<T>;

/**
 * The fan-out of one request: asks cells with one deadline each and reports every answer as a `CellOutcome`.
 *
 * A cell that failed or timed out once in this request is skipped by the request's later calls, so a hung cell
 * costs a request at most one timeout; a cell whose circuit is open costs nothing.
 */
export class RequestFanout {
  readonly #options: CellFanoutOptions;
  readonly #failed = new Map<string, UnreachableOutcome>();

  constructor(options: CellFanoutOptions) {
    this.#options = options;
  }

  /** The per-cell deadline in ms. */
  get timeoutMs(): number {
    return this.#options.timeoutMs;
  }

  /**
   * Runs `query` on `cell` within the deadline; never rejects.
   *
   * On timeout the query's abort scope fires, so its connection is destroyed and its server thread killed
   * (`database/bounded-connection.ts`) rather than left to hold a pooled connection.
   */
  async query<T>(cell: CellMapping, query: CellQuery<T>): Promise<CellOutcome<T>> {
    const { health, metrics, connections, timeoutMs } = this.#options;
    if (this.#failed.has(cell.uuid)) {
      return { status: 'skipped', cell, reason: 'failed-earlier-in-request' };
    }
    if (!health.isRequestAllowed(cell)) {
      metrics.countSkipped(cell.name);
      return this.#remember({ status: 'skipped', cell, reason: 'circuit-open' });
    }
    const controller = new AbortController();
    const started = performance.now();
    try {
      const db = connections.get(cell);
      const answer = await withinDeadline(
        withAbortSignal(controller.signal, () => query(db, cell)),
        timeoutMs,
      );
      if (answer === TIMED_OUT) {
        // Stop the work nobody waits for any more. The reason is built only now: a timeout is an outcome, and
        // its stack would point at the timer anyway.
        controller.abort(new TimeoutError(`Cell ${cell.name} did not answer within ${timeoutMs} ms.`));
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
      controller.abort(thrown); // stop the work nobody waits for any more
      const elapsedS = (performance.now() - started) / 1000;
      const error = toError(thrown);
      metrics.countError(cell.name);
      metrics.observeLatency(cell.name, elapsedS, 'failed');
      health.recordFailure(cell, describeCellError(error));
      return this.#remember({ status: 'failed', cell, error });
    } finally {
      const stats = connections.stats(cell);
      metrics.setPoolConnections(cell.name, stats.total, stats.busy);
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
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(resolve, ms, TIMED_OUT);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

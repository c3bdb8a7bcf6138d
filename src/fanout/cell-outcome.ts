import type { CellMapping } from '../registry/cell-mapping.js';

/**
 * What one cell answered, as a value: a down cell never looks like an empty one.
 *
 * `timeout`: no answer within the deadline; `failed`: the query failed (connection refused, lost, SQL error);
 * `skipped`: not asked at all, because the cell's circuit is open or it already failed earlier in this request;
 * `busy`: the gateway's own limits ran out, not the cell: no connection of the gateway's pool was free in time
 * (`connection-wait`), or the request's deadline (`REQUEST_TIMEOUT_MS`) left less than `CELL_TIMEOUT_MS` and
 * passed (`request-deadline`). The request still lacks that cell's answer, so it reports the cell as unreachable
 * in its own answer, but the cell's breaker and health do not move (CONTRACT section 5, "Fair").
 */
export type CellOutcome<T> =
  | { readonly status: 'ok'; readonly cell: CellMapping; readonly value: T }
  | { readonly status: 'timeout'; readonly cell: CellMapping; readonly afterMs: number }
  | { readonly status: 'failed'; readonly cell: CellMapping; readonly error: Error }
  | {
      readonly status: 'skipped';
      readonly cell: CellMapping;
      readonly reason: 'circuit-open' | 'failed-earlier-in-request';
    }
  | {
      readonly status: 'busy';
      readonly cell: CellMapping;
      readonly reason: 'connection-wait' | 'request-deadline';
      readonly afterMs: number;
    };

/** An outcome of a cell that did not answer. */
export type UnreachableOutcome = Exclude<CellOutcome<unknown>, { status: 'ok' }>;

/** Whether the outcome carries an answer. */
export function isOk<T>(outcome: CellOutcome<T>): outcome is Extract<CellOutcome<T>, { status: 'ok' }> {
  return outcome.status === 'ok';
}

/** The cells among `outcomes` that did not answer, in the order given. */
export function unreachableCellsOf(outcomes: readonly CellOutcome<unknown>[]): CellMapping[] {
  return outcomes.filter((outcome) => outcome.status !== 'ok').map((outcome) => outcome.cell);
}

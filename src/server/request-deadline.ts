import { withAbortSwitch } from '../database/abort-scope.js';
import { AbortSwitch } from '../database/abort-switch.js';

/**
 * Runs one request's work (`fn`) under its deadline of `timeoutMs` (`REQUEST_TIMEOUT_MS`, CONTRACT section 5,
 * "Bounded in all").
 *
 * The deadline is an abort scope (`database/abort-scope.ts`), the seam every database call already reads: an
 * API-database statement or wait inside it gets `min(the pool's own timeout, what is left)` (`database/deadline.ts`),
 * and each cell call `min(CELL_TIMEOUT_MS, what is left)` (`fanout/cell-fanout.ts`), so hung databases met one
 * after another never stack past the deadline. At the deadline every statement still running is stopped (its
 * connection destroyed and its thread killed); the resolvers then see their calls fail at once and the answer is
 * sent. The timer is cleared when `fn` settles.
 */
export async function withRequestDeadline<T>(timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const abort = new AbortSwitch();
  const timer = setTimeout(
    () => abort.abort(new Error(`The request did not finish within ${timeoutMs} ms (REQUEST_TIMEOUT_MS).`)),
    timeoutMs,
  );
  try {
    return await withAbortSwitch(abort, fn, performance.now() + timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}

import { AsyncLocalStorage } from 'node:async_hooks';

import pTimeout from 'p-timeout';

const scope = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs `fn` so that every database query it starts, however deep, stops when `signal` aborts.
 *
 * Kysely 0.28 has no way to pass a signal to a query, so the bounded pool (`deadline.ts`) reads it from this
 * async-local scope instead. Nested scopes replace the outer signal; callers combine signals themselves.
 */
export function withAbortSignal<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
  return scope.run(signal, fn);
}

/** The signal of the innermost `withAbortSignal` scope, if any. */
export function currentAbortSignal(): AbortSignal | undefined {
  return scope.getStore();
}

/**
 * Runs `fn` with a deadline of `ms`: the promise rejects at the deadline (p-timeout) and every query `fn` started is
 * stopped (its abort scope fires, so the bounded driver destroys and kills its connection).
 */
export async function withDeadline<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const controller = new AbortController();
  try {
    return await pTimeout(withAbortSignal(controller.signal, fn), { milliseconds: ms });
  } catch (error) {
    controller.abort(error);
    throw error;
  }
}

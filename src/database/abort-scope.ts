import { AsyncLocalStorage } from 'node:async_hooks';

import pTimeout, { TimeoutError } from 'p-timeout';

import { AbortSwitch } from './abort-switch.js';

/**
 * One abort scope: the switch that stops every query started inside it, the moment it is due to fire (if it has a
 * deadline), and what the bounded pool is doing for it right now.
 *
 * The counts let whoever owns the scope tell, when its deadline passes, whether the work was stuck waiting for a
 * connection of the gateway's own pool (congestion of the gateway, not slowness of the database: CONTRACT section
 * 5, "Fair") or had a statement in the database.
 */
export interface AbortScope {
  readonly abort: AbortSwitch;
  /** `performance.now()` at which the scope's deadline passes; `undefined` for a scope without one. */
  readonly deadlineAt: number | undefined;
  /** Waits for a pool connection in progress. */
  connectionWaits: number;
  /** Statements sent and not yet answered. */
  statementsInFlight: number;
}

const scope = new AsyncLocalStorage<AbortScope>();

/**
 * Runs `fn` so that every database query it starts, however deep, stops when `abort` fires.
 *
 * Kysely 0.28 has no way to pass a signal to a query, so the bounded pool (`deadline.ts`) reads it from this
 * async-local scope instead. Nested scopes replace the outer switch; `deadlineAt` (a `performance.now()` time)
 * tells nested work how much time is left (`remainingMs`); the owner of the switch makes it fire by then.
 */
export function withAbortSwitch<T>(
  abort: AbortSwitch,
  fn: () => Promise<T>,
  deadlineAt?: number,
): Promise<T> {
  return scope.run({ abort, deadlineAt, connectionWaits: 0, statementsInFlight: 0 }, fn);
}

/** The innermost `withAbortSwitch` scope, if any. */
export function currentAbortScope(): AbortScope | undefined {
  return scope.getStore();
}

/** The switch of the innermost `withAbortSwitch` scope, if any. */
export function currentAbortSwitch(): AbortSwitch | undefined {
  return scope.getStore()?.abort;
}

/**
 * Milliseconds left before the innermost scope's deadline (0 once it has passed), or `undefined` outside any
 * scope with a deadline.
 */
export function remainingMs(): number | undefined {
  const deadlineAt = scope.getStore()?.deadlineAt;
  return deadlineAt === undefined ? undefined : Math.max(0, deadlineAt - performance.now());
}

/**
 * `ms`, or less when the enclosing scope (the request's deadline, `REQUEST_TIMEOUT_MS`) has less time left: what
 * a call started now may wait so that nothing stacks past the request's deadline.
 */
export function boundedByScope(ms: number): number {
  const left = remainingMs();
  return left === undefined ? ms : Math.min(ms, left);
}

/**
 * Runs `fn` with a deadline of `ms`, or of what the enclosing scope has left if that is less
 * (`boundedByScope`): the promise rejects at the deadline (p-timeout) and every query `fn` started is stopped
 * (its abort scope fires, so the bounded driver destroys and kills its connection).
 */
export async function withDeadline<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  const bounded = boundedByScope(ms);
  // Nothing left: fail now, without starting work that would be aborted at once (p-timeout refuses 0 ms).
  if (bounded <= 0)
    throw new TimeoutError(`No time was left of the enclosing deadline for a call of ${ms} ms.`);
  const abort = new AbortSwitch();
  try {
    return await pTimeout(withAbortSwitch(abort, fn, performance.now() + bounded), {
      milliseconds: bounded,
    });
  } catch (error) {
    abort.abort(error);
    throw error;
  }
}

/**
 * Runs `fn` outside every abort scope: its queries get only the pool's own timeouts. For compensating work that
 * must run even after the request's deadline passed (undoing a half-written create), never for the request's
 * own reads.
 */
export function outsideAbortScope<T>(fn: () => Promise<T>): Promise<T> {
  return scope.exit(fn);
}

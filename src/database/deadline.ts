import { currentAbortScope, type AbortScope } from './abort-scope.js';
import { AbortSwitch } from './abort-switch.js';

/**
 * The deadline of one wait or one statement of the bounded pool: whichever comes first of the innermost abort
 * scope (`withAbortSwitch`) and the pool's own default timeout, which then aborts with `timeoutError`.
 *
 * So a call inside a request gets `min(its own timeout, what the request has left)` (CONTRACT section 5, "Bounded
 * in all"): the API database's calls have no scope of their own, only the request's. `dispose()` clears the timer
 * and the listener; call it once the work is over, whichever way it ended.
 */
export class Deadline {
  readonly abort: AbortSwitch;
  /** The abort scope this deadline follows, if any (the pool counts its waits and statements there). */
  readonly scope: AbortScope | undefined;
  readonly #timer: NodeJS.Timeout | undefined;
  readonly #unlink: (() => void) | undefined;
  #isScopeFirst: boolean;

  /**
   * Starts the deadline of work that starts now. `timeoutErrorFn` is called only when the default timeout may
   * fire first, here, where the work starts, so that the stack of the timeout error points at the caller
   * (STYLE.md 4.7).
   */
  constructor(defaultTimeoutMs: number, timeoutErrorFn: () => Error) {
    const scope = currentAbortScope();
    this.scope = scope;
    this.#isScopeFirst = scope !== undefined;
    // A scope whose owner fires it (no deadlineAt: the fan-out's) or that ends before the default: the scope alone.
    if (
      scope &&
      (scope.deadlineAt === undefined || scope.deadlineAt - performance.now() <= defaultTimeoutMs)
    ) {
      this.abort = scope.abort;
      return;
    }
    const error = timeoutErrorFn();
    const abort = new AbortSwitch();
    this.abort = abort;
    this.#timer = setTimeout(() => {
      this.#isScopeFirst = false;
      abort.abort(error);
    }, defaultTimeoutMs);
    this.#timer.unref();
    this.#isScopeFirst = false;
    if (scope) {
      const outer = scope.abort;
      const listener = (reason: unknown) => {
        this.#isScopeFirst = true;
        abort.abort(reason);
      };
      if (outer.isAborted) listener(outer.reason);
      else this.#unlink = outer.onAbort(listener);
    }
  }

  /** Whether the deadline that fired (or would fire) is the abort scope's rather than the default timeout. */
  get isScoped(): boolean {
    return this.#isScopeFirst;
  }

  /** Calls `fn` once when the deadline passes (soon, if it has already); returns a function that cancels that. */
  onAbort(fn: (reason: unknown) => void): () => void {
    return this.abort.onAbort(fn);
  }

  dispose(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#unlink?.();
  }
}

import { currentAbortSignal } from './abort-scope.js';

/**
 * The deadline of one wait or one statement of the bounded pool: the signal of the innermost abort scope
 * (`withAbortSignal`), or, outside any scope, a timer of its own that aborts with `timeoutError`.
 *
 * `dispose()` clears that timer; call it once the work is over, whichever way it ended.
 */
export class Deadline {
  readonly signal: AbortSignal;
  readonly #timer: NodeJS.Timeout | undefined;

  /**
   * Starts the deadline of work that starts now. `timeoutErrorFn` is called only when there is no scope, here,
   * where the work starts, so that the stack of the timeout error points at the caller (STYLE.md 4.7).
   */
  constructor(defaultTimeoutMs: number, timeoutErrorFn: () => Error) {
    const scoped = currentAbortSignal();
    if (scoped) {
      this.signal = scoped;
      return;
    }
    const error = timeoutErrorFn();
    const controller = new AbortController();
    this.signal = controller.signal;
    this.#timer = setTimeout(() => controller.abort(error), defaultTimeoutMs);
    this.#timer.unref();
  }

  /** Whether the deadline comes from an abort scope rather than from the default timeout. */
  get isScoped(): boolean {
    return this.#timer === undefined;
  }

  /** Calls `fn` once when the deadline passes (soon, if it has already); returns a function that cancels that. */
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

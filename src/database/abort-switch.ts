import { TimeoutError } from 'p-timeout';

/**
 * A one-shot abort: `abort(reason)` once, and every listener is told once, in the order it was added.
 *
 * What the gateway's deadlines need of `AbortController` and nothing more. Each cell call and each statement has
 * one, so it is on the hot path of every list: `AbortController` is an `EventTarget` (an event object, a
 * `DOMException` reason, listener options per call), and profiling showed it and its listeners at about 2% of a
 * list's CPU. Nothing outside the gateway's own pool reads these (Kysely 0.28 takes no signal).
 */
export class AbortSwitch {
  #isAborted = false;
  #reason: unknown;
  #listeners: ((reason: unknown) => void)[] | undefined;

  /** A switch that aborts by itself after `ms` with a `TimeoutError` (its timer does not keep the process alive). */
  static after(ms: number): AbortSwitch {
    const abort = new AbortSwitch();
    setTimeout(() => abort.abort(new TimeoutError(`Aborted after ${ms} ms.`)), ms).unref();
    return abort;
  }

  get isAborted(): boolean {
    return this.#isAborted;
  }

  /** Why it was aborted; `undefined` until then. */
  get reason(): unknown {
    return this.#reason;
  }

  /** Aborts with `reason` and tells every listener; later calls do nothing. */
  abort(reason: unknown): void {
    if (this.#isAborted) return;
    this.#isAborted = true;
    this.#reason = reason;
    const listeners = this.#listeners;
    this.#listeners = undefined;
    if (listeners) for (const listener of listeners) listener(reason);
  }

  /**
   * Calls `fn` once when the switch aborts (soon, in a microtask, if it already has); returns a function that
   * cancels that.
   */
  onAbort(fn: (reason: unknown) => void): () => void {
    if (this.#isAborted) {
      const reason = this.#reason;
      queueMicrotask(() => fn(reason));
      return noop;
    }
    const listeners = (this.#listeners ??= []);
    listeners.push(fn);
    return () => {
      if (this.#isAborted) return; // every listener was told already
      const index = listeners.indexOf(fn);
      if (index >= 0) listeners.splice(index, 1);
    };
  }
}

function noop(): void {}

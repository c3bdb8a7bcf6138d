/**
 * A counting semaphore with a bounded wait: at most `limit` holders at once, the others queued in order.
 *
 * The per-request, per-cell bulkhead of `RequestFanout` (`MAX_CELL_QUERIES_PER_REQUEST`): one request's many
 * aliased pages queue here, in the request's own line, instead of taking every connection of the cell's pool
 * (`CELL_POOL_SIZE`) from the other requests.
 */
export class Bulkhead {
  readonly #limit: number;
  readonly #queue: { readonly grant: () => void }[] = [];
  #held = 0;

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new TypeError(`A bulkhead's limit must be a positive integer, got ${String(limit)}.`);
    }
    this.#limit = limit;
  }

  /** Holders now. */
  get held(): number {
    return this.#held;
  }

  /**
   * Resolves to a release function once a place is free, or to `undefined` when none was free within
   * `timeoutMs` (the caller then gives up). Never rejects. Call the release function exactly once.
   */
  acquire(timeoutMs: number): Promise<(() => void) | undefined> {
    if (this.#held < this.#limit) {
      this.#held++;
      return Promise.resolve(this.#releaseFn());
    }
    if (timeoutMs <= 0) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter = {
        grant: () => {
          clearTimeout(timer);
          resolve(this.#releaseFn());
        },
      };
      const timer = setTimeout(() => {
        const index = this.#queue.indexOf(waiter);
        if (index >= 0) this.#queue.splice(index, 1);
        resolve(undefined);
      }, timeoutMs);
      this.#queue.push(waiter);
    });
  }

  #releaseFn(): () => void {
    let isReleased = false;
    return () => {
      if (isReleased) return;
      isReleased = true;
      // The place passes straight to the next waiter, so `held` does not dip and let a newcomer jump the queue.
      const next = this.#queue.shift();
      if (next) next.grant();
      else this.#held--;
    };
  }
}

/** Options of a `Circuit`. */
export interface CircuitOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** Milliseconds an open circuit waits before a probe may test the cell. */
  readonly openForMs: number;
}

/** The state of a circuit; each phase carries only what is valid in it. */
export type CircuitState =
  | { readonly phase: 'closed'; readonly consecutiveFailures: number }
  | { readonly phase: 'open'; readonly openedAt: number; readonly probeAt: number }
  | { readonly phase: 'half-open'; readonly since: number };

/**
 * A per-cell circuit breaker: closed → open after `failureThreshold` consecutive failures; open → half-open when
 * a probe starts (not before `openForMs`); half-open → closed when the probe succeeds, → open when it fails.
 *
 * Requests are let through only while closed: an open or half-open cell is unreachable at once, and only the
 * background probe talks to it. Pure: time comes in as arguments, so tests drive it without timers.
 */
export class Circuit {
  readonly #options: CircuitOptions;
  #state: CircuitState = { phase: 'closed', consecutiveFailures: 0 };

  constructor(options: CircuitOptions) {
    this.#options = options;
  }

  get state(): CircuitState {
    return this.#state;
  }

  /** Whether a request may go to the cell now. */
  isRequestAllowed(): boolean {
    return this.#state.phase === 'closed';
  }

  /** Records an answered request (or probe). */
  recordSuccess(): void {
    // A late success of a request sent before the circuit opened says the cell answered: close it.
    this.#state = { phase: 'closed', consecutiveFailures: 0 };
  }

  /** Records a failed or timed-out request (or probe) at `now` (ms). Returns whether this opened the circuit. */
  recordFailure(now: number): boolean {
    const state = this.#state;
    switch (state.phase) {
      case 'closed': {
        const consecutiveFailures = state.consecutiveFailures + 1;
        if (consecutiveFailures < this.#options.failureThreshold) {
          this.#state = { phase: 'closed', consecutiveFailures };
          return false;
        }
        this.#open(now);
        return true;
      }
      case 'half-open':
        this.#open(now);
        return true;
      case 'open':
        return false;
    }
  }

  /** Whether a probe is due at `now`: the circuit is open and has waited `openForMs`. */
  isProbeDue(now: number): boolean {
    return this.#state.phase === 'open' && now >= this.#state.probeAt;
  }

  /** Moves an open circuit to half-open for the probe that starts at `now`. */
  startProbe(now: number): void {
    if (this.#state.phase === 'open') this.#state = { phase: 'half-open', since: now };
  }

  #open(now: number): void {
    this.#state = { phase: 'open', openedAt: now, probeAt: now + this.#options.openForMs };
  }
}

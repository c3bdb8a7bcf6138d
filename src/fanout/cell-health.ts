import type { CellMapping } from '../registry/cell-mapping.js';
import type { CellMetrics } from './cell-metrics.js';
import { describeCellError } from './describe-cell-error.js';
import { Circuit, type CircuitOptions, type CircuitState } from './circuit.js';

/** What the `cells` query and `/readyz` show about one cell. */
export interface CellHealthReport {
  readonly name: string;
  readonly availabilityZone: string | null;
  readonly state: 'UP' | 'DOWN';
  readonly breaker: 'CLOSED' | 'OPEN' | 'HALF_OPEN';
  readonly lastError: string | null;
  readonly latencyMs: number | null;
}

/** Options of `CellHealth`. */
export interface CellHealthOptions {
  readonly circuit: CircuitOptions;
  readonly metrics: CellMetrics;
  /** Asks the cell a trivial question; rejects when it does not answer. Used by the half-open probe. */
  readonly probeFn: (cell: CellMapping) => Promise<void>;
  /** Milliseconds between checks for due probes. Default `250`. */
  readonly tickMs?: number;
  readonly nowFn?: () => number;
  readonly onTransitionFn?: (
    cell: CellMapping,
    from: CircuitState['phase'],
    to: CircuitState['phase'],
  ) => void;
}

interface Entry {
  readonly cell: CellMapping;
  readonly circuit: Circuit;
  lastError: string | null;
  latencyMs: number | null;
  isLastOk: boolean;
}

const BREAKER_NAMES = { closed: 'CLOSED', open: 'OPEN', 'half-open': 'HALF_OPEN' } as const;

/**
 * The health of every cell: its circuit breaker, last error and latency, and the probe that closes an open
 * circuit once the cell answers again.
 *
 * Lifecycle: `start(cellsFn)` checks every `tickMs` whether an open circuit's probe is due; a due probe moves the
 * circuit to half-open and runs `probeFn`; its success closes the circuit, its failure reopens it for another
 * `openForMs`. `stop()` ends the ticks (a running probe finishes on its own).
 */
export class CellHealth {
  readonly #options: CellHealthOptions;
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: CellHealthOptions) {
    this.#options = options;
    this.#now = options.nowFn ?? Date.now;
  }

  /** Whether requests may go to `cell` (its circuit is closed). */
  isRequestAllowed(cell: CellMapping): boolean {
    return this.#entry(cell).circuit.isRequestAllowed();
  }

  /** Records an answer from `cell` after `latencyMs`. */
  recordSuccess(cell: CellMapping, latencyMs: number): void {
    const entry = this.#entry(cell);
    entry.latencyMs = latencyMs;
    entry.isLastOk = true;
    this.#transition(entry, () => entry.circuit.recordSuccess());
  }

  /** Records that `cell` failed or timed out, described by `description` (see `describeCellError`). */
  recordFailure(cell: CellMapping, description: string): void {
    const entry = this.#entry(cell);
    entry.lastError = description;
    entry.isLastOk = false;
    this.#transition(entry, () => entry.circuit.recordFailure(this.#now()));
  }

  /** The state of `cell`'s circuit. */
  circuitState(cell: CellMapping): CircuitState {
    return this.#entry(cell).circuit.state;
  }

  /** Reports for `cells`, in their order. */
  report(cells: readonly CellMapping[]): CellHealthReport[] {
    return cells.map((cell) => {
      const entry = this.#entry(cell);
      const phase = entry.circuit.state.phase;
      return {
        name: cell.name,
        availabilityZone: cell.availabilityZone,
        state: phase === 'closed' && entry.isLastOk ? 'UP' : 'DOWN',
        breaker: BREAKER_NAMES[phase],
        lastError: entry.lastError,
        latencyMs: entry.latencyMs,
      };
    });
  }

  /**
   * Starts the probe ticks over the cells `cellsFn` returns at each tick. The cells known now are registered at
   * once, so that `/metrics` shows each breaker (closed) from the first scrape, not from the first tick.
   */
  start(cellsFn: () => readonly CellMapping[]): void {
    if (this.#timer) return;
    for (const cell of cellsFn()) this.#entry(cell);
    this.#timer = setInterval(() => this.#tick(cellsFn()), this.#options.tickMs ?? 250);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #tick(cells: readonly CellMapping[]): void {
    const now = this.#now();
    for (const cell of cells) {
      const entry = this.#entry(cell);
      if (!entry.circuit.isProbeDue(now)) continue;
      this.#transition(entry, () => entry.circuit.startProbe(now));
      const started = this.#now();
      this.#options.probeFn(cell).then(
        () => this.recordSuccess(cell, this.#now() - started),
        (error: unknown) => this.recordFailure(cell, `probe: ${describeCellError(error)}`),
      );
    }
  }

  #transition(entry: Entry, change: () => unknown): void {
    const from = entry.circuit.state.phase;
    change();
    const to = entry.circuit.state.phase;
    if (from !== to) {
      this.#options.metrics.setBreaker(entry.cell.name, to);
      this.#options.onTransitionFn?.(entry.cell, from, to);
    }
  }

  #entry(cell: CellMapping): Entry {
    let entry = this.#entries.get(cell.uuid);
    if (!entry) {
      entry = {
        cell,
        circuit: new Circuit(this.#options.circuit),
        lastError: null,
        latencyMs: null,
        isLastOk: true,
      };
      this.#entries.set(cell.uuid, entry);
      this.#options.metrics.setBreaker(cell.name, 'closed');
    }
    return entry;
  }
}

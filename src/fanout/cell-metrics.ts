import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

import type { CircuitState } from './circuit.js';

/** What the fan-out records per cell. */
export interface CellMetrics {
  observeLatency(cell: string, seconds: number, outcome: 'ok' | 'timeout' | 'failed'): void;
  countTimeout(cell: string): void;
  countError(cell: string): void;
  countSkipped(cell: string): void;
  /** A call that ran out of time in the gateway (pool wait, request deadline), not charged to the cell. */
  countBusy(cell: string): void;
  countQuery(cell: string): void;
  /** Rows a cell returned to a list (or show) query: the fan-out's cost. */
  countRowsRead(cell: string, rows: number): void;
  countAbandoned(cell: string): void;
  setBreaker(cell: string, phase: CircuitState['phase']): void;
  /**
   * Where `cellgate_cell_pool_connections` comes from: `readFn` is called at each scrape (not on every cell call,
   * the hot path), and its pools are the gauge's whole content.
   */
  watchPools(readFn: () => Iterable<PoolConnectionCounts>): void;
}

/** The connections of one cell's pool, for `watchPools`. */
export interface PoolConnectionCounts {
  readonly cell: string;
  readonly total: number;
  readonly busy: number;
}

const BREAKER_VALUES = { closed: 0, 'half-open': 1, open: 2 } as const;

/**
 * Prometheus metrics of the fan-out, labelled `cell="<name>"`, registered on `registry`.
 *
 * `cellgate_cell_breaker_state` is 0 closed, 1 half-open, 2 open.
 */
export function createCellMetrics(registry: Registry): CellMetrics {
  const latency = new Histogram({
    name: 'cellgate_cell_request_duration_seconds',
    help: 'Duration of fan-out requests to a cell, by outcome.',
    labelNames: ['cell', 'outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const timeouts = new Counter({
    name: 'cellgate_cell_timeouts_total',
    help: 'Fan-out requests to a cell that did not answer within CELL_TIMEOUT_MS.',
    labelNames: ['cell'],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'cellgate_cell_errors_total',
    help: 'Fan-out requests to a cell that failed (connection refused or lost, SQL error).',
    labelNames: ['cell'],
    registers: [registry],
  });
  const skipped = new Counter({
    name: 'cellgate_cell_skipped_total',
    help: 'Fan-out requests not sent to a cell because its circuit breaker was open.',
    labelNames: ['cell'],
    registers: [registry],
  });
  const busy = new Counter({
    name: 'cellgate_cell_busy_total',
    help: 'Fan-out requests to a cell that ran out of time in the gateway (waiting for a pool connection, or cut short by REQUEST_TIMEOUT_MS); not counted against the cell.',
    labelNames: ['cell'],
    registers: [registry],
  });
  const queries = new Counter({
    name: 'cellgate_cell_queries_total',
    help: 'SQL statements sent to a cell database.',
    labelNames: ['cell'],
    registers: [registry],
  });
  const rowsRead = new Counter({
    name: 'cellgate_cell_rows_read_total',
    help: 'Rows returned by a cell to the gateway for list and show queries (the cost of the fan-out).',
    labelNames: ['cell'],
    registers: [registry],
  });
  const abandoned = new Counter({
    name: 'cellgate_cell_connections_abandoned_total',
    help: 'Connections destroyed (and their server thread killed) because a query outlived its deadline.',
    labelNames: ['cell'],
    registers: [registry],
  });
  const breaker = new Gauge({
    name: 'cellgate_cell_breaker_state',
    help: 'Circuit breaker state of a cell: 0 closed, 1 half-open, 2 open.',
    labelNames: ['cell'],
    registers: [registry],
  });
  let readPools: () => Iterable<PoolConnectionCounts> = () => [];
  // Registered by its construction, and filled at each scrape by `collect`.
  new Gauge({
    name: 'cellgate_cell_pool_connections',
    help: 'Connections of the gateway pool to a cell, by state.',
    labelNames: ['cell', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const pool of readPools()) {
        this.set({ cell: pool.cell, state: 'busy' }, pool.busy);
        this.set({ cell: pool.cell, state: 'idle' }, Math.max(0, pool.total - pool.busy));
      }
    },
  });
  return {
    observeLatency: (cell, seconds, outcome) => latency.observe({ cell, outcome }, seconds),
    countTimeout: (cell) => timeouts.inc({ cell }),
    countError: (cell) => errors.inc({ cell }),
    countSkipped: (cell) => skipped.inc({ cell }),
    countBusy: (cell) => busy.inc({ cell }),
    countQuery: (cell) => queries.inc({ cell }),
    countRowsRead: (cell, rows) => rowsRead.inc({ cell }, rows),
    countAbandoned: (cell) => abandoned.inc({ cell }),
    setBreaker: (cell, phase) => breaker.set({ cell }, BREAKER_VALUES[phase]),
    watchPools: (readFn) => {
      readPools = readFn;
    },
  };
}

/** Metrics that record nothing (CLI commands, unit tests). */
export const NO_CELL_METRICS: CellMetrics = {
  observeLatency: () => undefined,
  countTimeout: () => undefined,
  countError: () => undefined,
  countSkipped: () => undefined,
  countBusy: () => undefined,
  countQuery: () => undefined,
  countRowsRead: () => undefined,
  countAbandoned: () => undefined,
  setBreaker: () => undefined,
  watchPools: () => undefined,
};

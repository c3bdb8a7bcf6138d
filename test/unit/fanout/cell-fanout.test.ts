import { describe, expect, it } from 'vitest';

import type { CellConnections } from '../../../src/cell-db/cell-connections.js';
import { currentAbortSignal } from '../../../src/database/abort-scope.js';
import { RequestFanout } from '../../../src/fanout/cell-fanout.js';
import { CellHealth } from '../../../src/fanout/cell-health.js';
import { NO_CELL_METRICS } from '../../../src/fanout/cell-metrics.js';
import type { CellMapping } from '../../../src/registry/cell-mapping.js';

const cell = (name: string, id: number): CellMapping => ({
  id,
  uuid: `uuid-${name}`,
  name,
  databaseUrl: `mysql://root@127.0.0.1:1/${name}`,
  availabilityZone: name,
  isDisabled: false,
});
const cell1 = cell('cell1', 1);
const cell2 = cell('cell2', 2);

/** Fake cells: the query functions below never touch a database, so the connections are never used. */
const fakeConnections = {
  get: () => ({}),
  stats: () => ({ total: 0, busy: 0, waiting: 0 }),
} as unknown as CellConnections;

const fanout = (health = newHealth(), timeoutMs = 20) =>
  new RequestFanout({ connections: fakeConnections, health, metrics: NO_CELL_METRICS, timeoutMs });
const newHealth = () =>
  new CellHealth({
    circuit: { failureThreshold: 2, openForMs: 10_000 },
    metrics: NO_CELL_METRICS,
    probeFn: async () => undefined,
  });

/** A cell query that never answers, and that records whether its abort scope fired. */
const neverAnswers = (state: { aborted: boolean }) => () =>
  new Promise<never>((_resolve, reject) => {
    const signal = currentAbortSignal()!;
    signal.addEventListener('abort', () => {
      state.aborted = true;
      reject(signal.reason);
    });
  });

describe('RequestFanout', () => {
  it('reports a timeout as an outcome and aborts the cell query', async () => {
    const state = { aborted: false };
    const outcome = await fanout().query(cell1, neverAnswers(state));
    expect(outcome).toEqual({ status: 'timeout', cell: cell1, afterMs: 20 });
    expect(state.aborted).toBe(true);
  });

  it('reports a failure as an outcome, never a rejection', async () => {
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3307'), { code: 'ECONNREFUSED' });
    const health = newHealth();
    const outcome = await fanout(health).query(cell1, async () => {
      throw error;
    });
    expect(outcome).toEqual({ status: 'failed', cell: cell1, error });
    expect(health.report([cell1])).toEqual([
      {
        name: 'cell1',
        availabilityZone: 'cell1',
        state: 'DOWN',
        breaker: 'CLOSED',
        lastError: 'connection refused',
        latencyMs: null,
      },
    ]);
  });

  it('asks a cell that failed once in a request no more in that request', async () => {
    const requestFanout = fanout();
    await requestFanout.query(cell1, neverAnswers({ aborted: false }));
    let isAsked = false;
    const again = await requestFanout.query(cell1, async () => {
      isAsked = true;
      return 1;
    });
    expect(again).toEqual({ status: 'skipped', cell: cell1, reason: 'failed-earlier-in-request' });
    expect(isAsked).toBe(false);
    expect(requestFanout.unreachableCells()).toEqual([cell1]);
  });

  it('skips a cell at once while its breaker is open, and keeps answering for the others', async () => {
    const health = newHealth();
    await fanout(health).query(cell2, neverAnswers({ aborted: false }));
    await fanout(health).query(cell2, neverAnswers({ aborted: false }));
    const asked: string[] = [];
    const outcomes = await fanout(health).scatterGather([cell1, cell2], async (_db, current) => {
      asked.push(current.name);
      return current.name;
    });
    // Never asked, so never waited for: the open breaker answers for cell2 at once.
    expect(asked).toEqual(['cell1']);
    expect(outcomes).toEqual([
      { status: 'ok', cell: cell1, value: 'cell1' },
      { status: 'skipped', cell: cell2, reason: 'circuit-open' },
    ]);
    expect(health.report([cell2])[0]).toMatchObject({
      breaker: 'OPEN',
      state: 'DOWN',
      lastError: 'timed out after 20 ms',
    });
  });
});

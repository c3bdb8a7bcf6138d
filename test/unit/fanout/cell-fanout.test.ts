import { describe, expect, it } from 'vitest';

import type { CellConnections } from '../../../src/cell-db/cell-connections.js';
import { currentAbortScope, currentAbortSwitch, withAbortSwitch } from '../../../src/database/abort-scope.js';
import { AbortSwitch } from '../../../src/database/abort-switch.js';
import { ConnectionWaitDeadlineError } from '../../../src/database/deadline-error.js';
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

const fanout = (health = newHealth(), timeoutMs = 20, maxQueriesPerCell?: number) =>
  new RequestFanout({
    connections: fakeConnections,
    health,
    metrics: NO_CELL_METRICS,
    timeoutMs,
    ...(maxQueriesPerCell === undefined ? {} : { maxQueriesPerCell }),
  });
const UNTOUCHED = {
  name: 'cell1',
  availabilityZone: 'cell1',
  state: 'UP',
  breaker: 'CLOSED',
  lastError: null,
  latencyMs: null,
};
const newHealth = () =>
  new CellHealth({
    circuit: { failureThreshold: 2, openForMs: 10_000 },
    metrics: NO_CELL_METRICS,
    probeFn: async () => undefined,
  });

/** A cell query that never answers, and that records whether its abort scope fired. */
const neverAnswers = (state: { aborted: boolean }) => () =>
  new Promise<never>((_resolve, reject) => {
    currentAbortSwitch()!.onAbort((reason) => {
      state.aborted = true;
      reject(reason);
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

  it('reports a deadline passed while waiting for a pool connection as busy, and leaves the cell healthy', async () => {
    const health = newHealth();
    const requestFanout = fanout(health);
    // What the bounded pool does while a caller waits for a connection: counted in the scope.
    const waitsForPool = () => {
      currentAbortScope()!.connectionWaits++;
      return neverAnswers({ aborted: false })();
    };
    const outcomes = [
      await requestFanout.query(cell1, waitsForPool),
      await fanout(health).query(cell1, waitsForPool),
    ];
    expect(outcomes).toEqual([
      { status: 'busy', cell: cell1, reason: 'connection-wait', afterMs: 20 },
      { status: 'busy', cell: cell1, reason: 'connection-wait', afterMs: 20 },
    ]);
    // The request itself lacks the cell's answer; nobody else sees anything.
    expect(requestFanout.unreachableCells()).toEqual([cell1]);
    expect(health.report([cell1])).toEqual([UNTOUCHED]);
  });

  it('reports the pool’s own wait error as busy, not as a failure of the cell', async () => {
    const health = newHealth();
    const outcome = await fanout(health).query(cell1, async () => {
      throw new ConnectionWaitDeadlineError('cell1', 5);
    });
    expect(outcome).toMatchObject({ status: 'busy', cell: cell1, reason: 'connection-wait' });
    expect(health.report([cell1])).toEqual([UNTOUCHED]);
  });

  it('charges the cell when a statement was in the database at the deadline', async () => {
    const health = newHealth();
    const outcome = await fanout(health).query(cell1, () => {
      currentAbortScope()!.statementsInFlight++;
      return neverAnswers({ aborted: false })();
    });
    expect(outcome).toEqual({ status: 'timeout', cell: cell1, afterMs: 20 });
    expect(health.report([cell1])[0]).toMatchObject({ state: 'DOWN', lastError: 'timed out after 20 ms' });
  });

  it('gives a call no more than the request has left, and does not charge the cell for the cut', async () => {
    const health = newHealth();
    const abort = new AbortSwitch();
    const started = performance.now();
    const outcome = await withAbortSwitch(
      abort,
      () => fanout(health, 10_000).query(cell1, neverAnswers({ aborted: false })),
      performance.now() + 30,
    );
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(outcome).toMatchObject({ status: 'busy', cell: cell1, reason: 'request-deadline' });
    expect(health.report([cell1])).toEqual([UNTOUCHED]);
    const late = await withAbortSwitch(
      abort,
      () => fanout(health).query(cell1, async () => 1),
      performance.now() - 1,
    );
    expect(late).toEqual({ status: 'busy', cell: cell1, reason: 'request-deadline', afterMs: 0 });
  });

  it('keeps at most maxQueriesPerCell queries of one request in flight per cell', async () => {
    const requestFanout = fanout(newHealth(), 1_000, 2);
    let inFlight = 0;
    let most = 0;
    const outcomes = await Promise.all(
      Array.from({ length: 7 }, (_, i) =>
        requestFanout.query(cell1, async () => {
          inFlight++;
          most = Math.max(most, inFlight);
          await new Promise((resolve) => setImmediate(resolve));
          inFlight--;
          return i;
        }),
      ),
    );
    expect(outcomes.map((outcome) => (outcome.status === 'ok' ? outcome.value : outcome.status))).toEqual([
      0, 1, 2, 3, 4, 5, 6,
    ]);
    expect(most).toBe(2);
  });
});

describe('CellHealth.start', () => {
  it('shows the breaker of every known cell as closed at once, before the first tick', () => {
    const breakers: [string, string][] = [];
    const health = new CellHealth({
      circuit: { failureThreshold: 3, openForMs: 1_000 },
      metrics: { ...NO_CELL_METRICS, setBreaker: (name, phase) => breakers.push([name, phase]) },
      probeFn: async () => undefined,
      tickMs: 60_000,
    });
    health.start(() => [cell1, cell2]);
    health.stop();
    expect(breakers).toEqual([
      ['cell1', 'closed'],
      ['cell2', 'closed'],
    ]);
  });
});

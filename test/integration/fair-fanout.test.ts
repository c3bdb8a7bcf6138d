import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTopology, type GraphqlAnswer, type Topology } from '../support/topology.js';

/** Sums of the fan-out's per-cell counters and the breaker state of every cell, from `/metrics`. */
async function fanoutMetrics(baseUrl: string) {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const sum = (name: string) =>
    text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`))
      .reduce((total, line) => total + Number(line.split(' ').at(-1)), 0);
  const breakers = Object.fromEntries(
    [...text.matchAll(/^cellgate_cell_breaker_state\{cell="([^"]+)"\} (\d+)$/gm)].map((m) => [
      m[1],
      Number(m[2]),
    ]),
  );
  return {
    timeouts: sum('cellgate_cell_timeouts_total'),
    errors: sum('cellgate_cell_errors_total'),
    busy: sum('cellgate_cell_busy_total'),
    breakers,
  };
}

// 30 aliased pages (MAX_QUERY_ALIASES) of 160 servers: 30 × 160 × 4 cells = 19200, just under MAX_QUERY_COST
// (20000): the heaviest list query a member may send.
const HEAVY = `{ ${Array.from(
  { length: 30 },
  (_, i) => `p${i}: servers(first: 160) { nodes { id name status created } pageInfo { endCursor } partial }`,
).join(' ')} }`;
const PLAIN = '{ servers { nodes { id } partial unreachableCells } }';

/**
 * CONTRACT section 5, "Fair": one client's heaviest allowed queries must not make healthy cells look down to
 * another client. Small pools (CELL_POOL_SIZE=6) and a short CELL_TIMEOUT_MS make the contention visible: without
 * the per-request bulkhead, each heavy request queues 30 queries per cell in front of everyone else's.
 */
describe('fair fan-out under another client’s heavy queries', () => {
  let topology: Topology;

  beforeAll(async () => {
    topology = await startTopology({
      serversPerCell: 150,
      env: { CELL_POOL_SIZE: '6', CELL_TIMEOUT_MS: '1500' },
    });
  }, 120_000);

  afterAll(async () => {
    await topology?.stop();
  });

  it('accepts the heavy query under MAX_QUERY_COST', async () => {
    const answer = await topology.graphql(HEAVY, {}, topology.tokens.demo);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
  });

  it('keeps a second client’s plain lists complete and every breaker closed', async () => {
    const before = await fanoutMetrics(topology.baseUrl);
    let isHammering = true;
    const heavyAnswers: GraphqlAnswer[] = [];
    // One client, five requests in flight at a time, for as long as the other client lists.
    const hammer = async () => {
      while (isHammering) heavyAnswers.push(await topology.graphql(HEAVY, {}, topology.tokens.demo));
    };
    const hammers = Array.from({ length: 5 }, () => hammer());
    const plainAnswers: GraphqlAnswer<{
      servers: { nodes: { id: string }[]; partial: boolean; unreachableCells: string[] | null };
    }>[] = [];
    try {
      // Let the heavy requests fill the pools first.
      await new Promise((resolve) => setTimeout(resolve, 500));
      for (let i = 0; i < 25; i += 1) {
        plainAnswers.push(await topology.graphql(PLAIN, {}, topology.tokens.alt));
      }
    } finally {
      isHammering = false;
      await Promise.all(hammers);
    }
    const after = await fanoutMetrics(topology.baseUrl);
    const partial = plainAnswers.filter((answer) => answer.body.data?.servers.partial !== false);
    const slowest = Math.max(...plainAnswers.map((answer) => answer.elapsedMs));
    console.log(
      `fair fan-out: ${heavyAnswers.length} heavy requests (${
        heavyAnswers.filter((a) => JSON.stringify(a.body.data).includes('"partial":true')).length
      } of them partial), ${plainAnswers.length} plain lists, ${partial.length} partial, slowest ${slowest.toFixed(0)} ms; ` +
        `busy +${after.busy - before.busy}, timeouts +${after.timeouts - before.timeouts}`,
    );
    for (const answer of plainAnswers) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      // 150 servers of project alt in each of the three cells.
      expect(answer.body.data?.servers).toEqual({
        nodes: expect.any(Array),
        partial: false,
        unreachableCells: null,
      });
      expect(answer.body.data?.servers.nodes).toHaveLength(450);
    }
    for (const answer of heavyAnswers) {
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
    }
    expect(heavyAnswers.length).toBeGreaterThan(0);
    expect(after.breakers).toEqual({ cell0: 0, cell1: 0, cell2: 0, cell3: 0 });
    expect(after.timeouts - before.timeouts).toBe(0);
    expect(after.errors - before.errors).toBe(0);
    const ready = (await (await fetch(`${topology.baseUrl}/readyz`)).json()) as {
      cells: { name: string; state: string; breaker: string }[];
    };
    expect(ready.cells.map((cell) => [cell.name, cell.state, cell.breaker])).toEqual([
      ['cell0', 'UP', 'CLOSED'],
      ['cell1', 'UP', 'CLOSED'],
      ['cell2', 'UP', 'CLOSED'],
      ['cell3', 'UP', 'CLOSED'],
    ]);
  }, 120_000);
});

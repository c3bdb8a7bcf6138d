import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { startTopology, waitFor, type GraphqlAnswer, type Topology } from '../support/topology.js';

const CELL_TIMEOUT_MS = 1_000;
// Shorter than the default (2 × CELL_TIMEOUT_MS + 1000), so that the bound is far from what these requests took
// without it: `server(id)` 5 s (the API database's own 5 s timeout), a plain list a cell timeout plus more.
const REQUEST_TIMEOUT_MS = 1_500;
// Generous: two cores shared with other suites.
const MARGIN_MS = 2_500;

/**
 * CONTRACT section 5, "Bounded in all": with the API database, cell0 and a cell frozen at once (SIGSTOP: connections are
 * accepted, nothing answers), every request that meets both answers within REQUEST_TIMEOUT_MS plus a margin, and
 * never with a 5xx. What the answers contain while the API database is down is another part of the contract
 * ("The API database down too"); here only the bound is checked.
 */
describe('one deadline per request', () => {
  let topology: Topology;
  let cell1ServerId: string;

  beforeAll(async () => {
    topology = await startTopology({
      serversPerCell: 5,
      env: { CELL_TIMEOUT_MS: String(CELL_TIMEOUT_MS), REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) },
    });
    expect(topology.config.requestTimeoutMs).toBe(REQUEST_TIMEOUT_MS);
    const all = await topology.graphql<{
      servers: { nodes: { id: string; projectId: string; availabilityZone: string }[] };
    }>('{ servers(allProjects: true) { nodes { id projectId availabilityZone } } }');
    cell1ServerId = all.body.data!.servers.nodes.find(
      (node) => node.projectId === 'demo' && node.availabilityZone === 'cell1',
    )!.id;
  }, 120_000);

  afterEach(() => {
    topology.apiServer.thaw();
    topology.cell('cell0').thaw();
    topology.cell('cell1').thaw();
  });

  afterAll(async () => {
    await topology?.stop();
  });

  it('answers every request that meets a frozen API database and a frozen cell within REQUEST_TIMEOUT_MS', async () => {
    // cell0 too: Nova deploys it on the API database's server, so both hang together.
    topology.apiServer.freeze();
    topology.cell('cell0').freeze();
    topology.cell('cell1').freeze();
    const requests: Record<string, [string, Record<string, unknown>?]> = {
      'plain servers list': ['{ servers { nodes { id status } partial } }'],
      'plain shares list': ['{ shares { nodes { id status } partial } }'],
      'server(id) in the frozen cell': [
        'query ($id: ID!) { server(id: $id) { id status } }',
        { id: cell1ServerId },
      ],
      'a page with a marker': [
        'query ($after: ID) { servers(first: 2, after: $after) { nodes { id } } }',
        { after: cell1ServerId },
      ],
      flavors: ['{ flavors { name } }'],
      createServer: [
        'mutation { createServer(input: { name: "deadline", flavor: "m1.tiny", image: "cirros" }) { id status } }',
      ],
    };
    const answers = await Promise.all(
      Object.entries(requests).map(async ([what, [query, variables]]) => {
        const answer: GraphqlAnswer = await topology.graphql(query, variables ?? {}, topology.tokens.demo);
        return { what, answer };
      }),
    );
    const figures = answers.map(({ what, answer }) => `${what} ${answer.elapsedMs.toFixed(0)} ms`).join(', ');
    console.log(`frozen API database, cell0 and cell1: ${figures}`);
    for (const { what, answer } of answers) {
      expect({ what, status: answer.status < 500, isBody: typeof answer.body === 'object' }).toEqual({
        what,
        status: true,
        isBody: true,
      });
      expect({ what, isWithinBound: answer.elapsedMs < REQUEST_TIMEOUT_MS + MARGIN_MS }).toEqual({
        what,
        isWithinBound: true,
      });
    }
  });

  it('answers completely again once both come back', async () => {
    topology.apiServer.thaw();
    topology.cell('cell0').thaw();
    topology.cell('cell1').thaw();
    await waitFor(
      async () => {
        const answer = await topology.graphql<{ servers: { partial: boolean } }>(
          '{ servers { nodes { id } partial } }',
          {},
          topology.tokens.demo,
        );
        return answer.body.data?.servers.partial === false;
      },
      30_000,
      'a complete list',
    );
  });
});

import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTopology, type Topology } from '../support/topology.js';

/**
 * The MAY audits the gateway does not pass, on purpose: GET requests without a preflight header are refused by
 * Apollo Server's CSRF prevention (documented in the README, "HTTP endpoints").
 */
const DOCUMENTED_NOTICES = ['5A70', 'D6D5', '6A70'];

/** graphql-http's audit suite (GraphQL over HTTP spec) against the gateway, with a valid bearer token. */
describe('GraphQL over HTTP conformance', () => {
  let topology: Topology;

  beforeAll(async () => {
    topology = await startTopology({ cells: ['cell1'], serversPerCell: 1 });
  });

  afterAll(async () => {
    await topology?.stop();
  });

  it('fails no MUST and no SHOULD of the spec', async () => {
    const fetchFn = (input: string, init: RequestInit = {}) =>
      fetch(input, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          authorization: `Bearer ${topology.tokens.admin}`,
        },
      });
    const results = [];
    for (const audit of serverAudits({ url: `${topology.baseUrl}/graphql`, fetchFn })) {
      const result = await audit.fn();
      results.push({ id: audit.id, name: audit.name, status: result.status });
    }
    expect(results.length).toBeGreaterThan(40);
    expect(results.filter((result) => result.status === 'error')).toEqual([]);
    expect(results.filter((result) => result.status === 'warn')).toEqual([]);
    expect(results.filter((result) => result.status === 'notice').map((result) => result.id)).toEqual(
      DOCUMENTED_NOTICES,
    );
  });
});

import { readFileSync } from 'node:fs';

import { ApolloClient, HttpLink, InMemoryCache, gql, type TypePolicies } from '@apollo/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTopology, waitFor, type Topology } from '../support/topology.js';

/**
 * How a minimal construct (`status: UNKNOWN`) and the real server meet in a normalised client cache: Apollo
 * Client's `InMemoryCache` (core, no React), fed real answers of the gateway over HTTP while a cell is up, down and
 * back. The policy under test is the README's own code ("Client caches"), read from it.
 */

/**
 * The README's policy, taken from its "Client caches" paragraph and run as written: a construct (`status:
 * UNKNOWN`) gets a cache entry of its own, so it never overwrites what the cache knew of the real server.
 */
function readmePolicy(): TypePolicies {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const source = /^( *)function constructKeyFields[\s\S]*?^\1}$/m.exec(readme)?.[0];
  if (!source) throw new Error('README.md has no function constructKeyFields.');
  const keyFields = new Function(`${source}\nreturn constructKeyFields;`)() as KeyFieldsFunction;
  return { Server: { keyFields }, Share: { keyFields } };
}
type KeyFieldsFunction = Extract<
  NonNullable<TypePolicies[string]>['keyFields'],
  (...args: never[]) => unknown
>;

/**
 * The policy one reaches for first, and the README says why it is not the answer: a type-level `merge` that keeps
 * the known fields when a construct arrives. Apollo Client runs a type's `merge` only for a field holding one
 * object of that type, never for the items of a list such as `nodes`, so it never sees the construct here.
 */
const typeLevelMerge: TypePolicies = {
  Server: {
    merge(existing: Record<string, unknown> | undefined, incoming: Record<string, unknown>) {
      if (!existing || incoming['status'] !== 'UNKNOWN') return { ...existing, ...incoming };
      return {
        ...incoming,
        ...Object.fromEntries(Object.entries(existing).filter(([, value]) => value !== null)),
      };
    },
  },
};

const SERVERS = gql`
  query Servers {
    servers {
      nodes {
        id
        name
        status
        flavor {
          name
        }
        availabilityZone
        host
        messages {
          id
        }
      }
      partial
    }
  }
`;

interface ServersAnswer {
  readonly servers: {
    readonly nodes: ({ readonly id: string } & Record<string, unknown>)[];
    readonly partial: boolean;
  };
}

interface CachedServer {
  readonly id: string;
  readonly name: string | null;
  readonly status: string;
  readonly flavor: { readonly name: string } | null;
  readonly availabilityZone: string | null;
}

const SERVER_FIELDS = gql`
  fragment CachedServer on Server {
    id
    name
    status
    flavor {
      name
    }
    availabilityZone
  }
`;

describe('a normalised client cache (Apollo Client InMemoryCache)', () => {
  let topology: Topology;
  let id: string;

  beforeAll(async () => {
    topology = await startTopology({
      cells: ['cell1'],
      serversPerCell: 2,
      env: { CELL_TIMEOUT_MS: '1000', CELL_BREAKER_FAILURE_THRESHOLD: '1', CELL_BREAKER_OPEN_MS: '300' },
    });
  });

  afterAll(async () => {
    await topology?.stop();
  });

  const clientWith = (typePolicies: TypePolicies | undefined) =>
    new ApolloClient({
      link: new HttpLink({
        uri: `${topology.baseUrl}/graphql`,
        headers: { authorization: `Bearer ${topology.tokens.demo}` },
      }),
      cache: new InMemoryCache(typePolicies ? { typePolicies } : {}),
      defaultOptions: { query: { fetchPolicy: 'network-only' } },
    });
  const cached = (client: ApolloClient, serverId: string) =>
    client.cache.readFragment<CachedServer>({
      id: client.cache.identify({ __typename: 'Server', id: serverId })!,
      fragment: SERVER_FIELDS,
    });

  /** Runs `SERVERS` on each client while cell1 is up, down (constructs), and up again. */
  async function upDownUp(clients: readonly ApolloClient[]) {
    const seen: {
      up?: CachedServer[];
      down?: CachedServer[];
      listedDown?: (Record<string, unknown> | undefined)[];
      back?: CachedServer[];
    } = {};
    for (const client of clients) {
      const answer = await client.query<ServersAnswer>({ query: SERVERS });
      expect(answer.data?.servers.partial).toBe(false);
    }
    id = (await clients[0]!.query<ServersAnswer>({ query: SERVERS })).data!.servers.nodes[0]!.id;
    seen.up = clients.map((client) => cached(client, id)!);
    await topology.cell('cell1').kill();
    try {
      seen.listedDown = [];
      for (const client of clients) {
        const answer = await client.query<ServersAnswer>({ query: SERVERS });
        expect(answer.data?.servers.partial).toBe(true);
        seen.listedDown.push(answer.data?.servers.nodes.find((node) => node.id === id));
      }
      seen.down = clients.map((client) => cached(client, id)!);
    } finally {
      await topology.cell('cell1').restart();
    }
    for (const client of clients) {
      await waitFor(
        async () => (await client.query<ServersAnswer>({ query: SERVERS })).data?.servers.partial === false,
        15_000,
        'cell1 back',
      );
    }
    seen.back = clients.map((client) => cached(client, id)!);
    return seen;
  }

  it('overwrites what it knew with nulls by default, and keeps it apart from the construct with the README policy', async () => {
    const plain = clientWith(undefined);
    const withPolicy = clientWith(readmePolicy());
    const withTypeMerge = clientWith(typeLevelMerge);
    const seen = await upDownUp([plain, withPolicy, withTypeMerge]);
    const [plainUp, policyUp] = seen.up!;
    expect(plainUp!.status).toBe('ACTIVE');
    expect(plainUp!.name).not.toBeNull();
    expect(policyUp).toEqual(plainUp);

    // The same key, Server:<id>: the construct replaces the name with null (Apollo Client's default merge). Its
    // request named no zone, so the construct says "UNKNOWN" there (CONTRACT section 5).
    const [plainDown, policyDown, typeMergeDown] = seen.down!;
    expect(plainDown).toEqual({ ...plainUp, status: 'UNKNOWN', availabilityZone: 'UNKNOWN', name: null });
    // A type-level merge is never called for the items of `nodes`: the same loss.
    expect(typeMergeDown).toEqual(plainDown);
    // With the policy: the real server's entry keeps every field as last seen ...
    expect(policyDown).toEqual(plainUp);
    // ... while both lists show what the gateway answered: the construct.
    const construct = {
      ...plainUp,
      status: 'UNKNOWN',
      availabilityZone: 'UNKNOWN',
      name: null,
      messages: [],
    };
    expect(seen.listedDown).toEqual([
      { ...construct, host: null },
      { ...construct, host: null },
      { ...construct, host: null },
    ]);

    // Back: the real answer is in both caches' entries again.
    expect(seen.back).toEqual([plainUp, plainUp, plainUp]);
  });
});

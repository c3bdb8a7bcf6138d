import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { signTokens } from '../../src/cli/token-command.js';
import { startTopology, type Topology } from '../support/topology.js';

interface Page {
  readonly nodes: { readonly id: string }[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  readonly partial: boolean;
}

const LIST = `query List($sort: [ServerSort!], $first: Int, $after: ID, $all: Boolean, $filter: ServerFilter) {
  servers(sort: $sort, first: $first, after: $after, allProjects: $all, filter: $filter) {
    nodes { id } pageInfo { hasNextPage endCursor } partial
  }
}`;

const SHARES = `query Shares($sort: [ShareSort!], $first: Int, $after: ID) {
  shares(sort: $sort, first: $first, after: $after, allProjects: true) {
    nodes { id } pageInfo { hasNextPage endCursor } partial
  }
}`;

/** cell0 and ten cells, each a database on one MariaDB server. */
const CELLS = Array.from({ length: 10 }, (_, index) => `cell${index + 1}`);
const CELL_COUNT = CELLS.length + 1;
/** Per project per cell: 600 servers in all, 120 shares. */
const SERVERS_PER_CELL = 30;

describe('read path over eleven cells', () => {
  let topology: Topology;
  let pairToken: string;

  beforeAll(async () => {
    topology = await startTopology({
      cells: CELLS,
      serversPerCell: SERVERS_PER_CELL,
      hasCellsOnOneServer: true,
      env: { SERVICE_DOWN_TIME_S: '3600' },
    });
    const [token] = await signTokens(topology.config, [
      { userId: 'pair-user', projectId: 'pair', role: 'member' },
    ]);
    pairToken = token!;
  }, 180_000);

  afterAll(async () => {
    await topology?.stop();
  });

  /** A counter of /metrics per cell. */
  const counterPerCell = async (name: string, gatewayUrl = topology.baseUrl) => {
    const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
    const counts = new Map<string, number>();
    for (const match of text.matchAll(new RegExp(`^${name}\\{cell="([^"]+)"\\} (\\d+)`, 'gm'))) {
      counts.set(match[1]!, Number(match[2]));
    }
    return counts;
  };
  /** What each cell added to `name` while `work` ran (cells that added nothing are left out). */
  const addedPerCell = async (name: string, work: () => Promise<unknown>, gatewayUrl?: string) => {
    const before = await counterPerCell(name, gatewayUrl);
    await work();
    const after = await counterPerCell(name, gatewayUrl);
    const added: Record<string, number> = {};
    for (const [cell, count] of after) {
      if (count > (before.get(cell) ?? 0)) added[cell] = count - (before.get(cell) ?? 0);
    }
    return added;
  };
  const sum = (counts: Record<string, number>) =>
    Object.values(counts).reduce((total, count) => total + count, 0);

  const list = async (
    query: string,
    field: 'servers' | 'shares',
    variables: Record<string, unknown>,
    token?: string,
  ) => {
    const answer = await topology.graphql<Record<string, Page>>(query, variables, token);
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data![field]!;
  };
  /** Every page of size `first`, from the start; the ids in order, and whether each page said there was more. */
  const walk = async (
    query: string,
    field: 'servers' | 'shares',
    variables: Record<string, unknown>,
    first: number,
  ) => {
    const ids: string[] = [];
    const hasNext: boolean[] = [];
    let after: string | null = null;
    for (let page = 0; page < 1000; page++) {
      const answer: Page = await list(query, field, { ...variables, first, after });
      ids.push(...answer.nodes.map((node) => node.id));
      hasNext.push(answer.pageInfo.hasNextPage);
      if (!answer.pageInfo.hasNextPage) break;
      after = answer.pageInfo.endCursor;
    }
    return { ids, hasNext };
  };

  describe('pages', () => {
    // The reference is one page of everything: each cell then answers with all its rows in one batch (as every
    // cell did before adaptive batches), merged once.
    const serverSorts = [
      null,
      [{ key: 'NAME', direction: 'ASC' }],
      [{ key: 'NAME', direction: 'DESC' }],
      [
        { key: 'STATUS', direction: 'ASC' },
        { key: 'CREATED_AT', direction: 'DESC' },
      ],
      [{ key: 'AVAILABILITY_ZONE', direction: 'DESC' }],
      [{ key: 'UPDATED_AT', direction: 'ASC' }],
      [{ key: 'CREATED_AT', direction: 'ASC' }],
      [{ key: 'ID', direction: 'DESC' }],
    ];
    for (const sort of serverSorts) {
      it(`pages servers by ${JSON.stringify(sort)} exactly as one page of everything`, async () => {
        const everything = await list(LIST, 'servers', { all: true, sort, first: 1000 });
        expect(everything.nodes).toHaveLength(2 * SERVERS_PER_CELL * CELLS.length);
        expect(everything.pageInfo.hasNextPage).toBe(false);
        for (const first of [1, 37, 100]) {
          if (first === 1 && sort !== null) continue; // 600 requests: once, for the default order, is enough
          const walked = await walk(LIST, 'servers', { all: true, sort }, first);
          expect(walked.ids).toEqual(everything.nodes.map((node) => node.id));
          expect(walked.hasNext.slice(0, -1).every(Boolean)).toBe(true);
        }
      });
    }

    it('pages shares by every sort key exactly as one page of everything', async () => {
      for (const key of ['CREATED_AT', 'NAME', 'SIZE', 'STATUS', 'ID']) {
        for (const direction of ['ASC', 'DESC']) {
          const sort = [{ key, direction }];
          const everything = await list(SHARES, 'shares', { sort, first: 1000 });
          expect(everything.nodes.length).toBeGreaterThan(100);
          const walked = await walk(SHARES, 'shares', { sort }, 23);
          expect(walked.ids).toEqual(everything.nodes.map((node) => node.id));
        }
      }
    });

    it('pages a member list with a filter exactly as one page of everything', async () => {
      const filter = { status: 'ACTIVE' };
      const everything = await list(LIST, 'servers', { filter, first: 1000 }, topology.tokens.demo);
      expect(everything.nodes.length).toBeGreaterThan(100);
      const member = await (async () => {
        const ids: string[] = [];
        let after: string | null = null;
        for (;;) {
          const answer: Page = await list(
            LIST,
            'servers',
            { filter, first: 41, after },
            topology.tokens.demo,
          );
          ids.push(...answer.nodes.map((node) => node.id));
          if (!answer.pageInfo.hasNextPage) return ids;
          after = answer.pageInfo.endCursor;
        }
      })();
      expect(member).toEqual(everything.nodes.map((node) => node.id));
    });
  });

  describe('rows read', () => {
    const limit = 100;
    const bound = 1.5 * limit + 2 * CELL_COUNT;

    /** The rows read by each of the first three pages of 100, from the metric. */
    const rowsOfPages = async (sort: unknown) => {
      const rows: number[] = [];
      let after: string | null = null;
      for (let page = 0; page < 3; page++) {
        let answer: Page | undefined;
        const read = await addedPerCell('cellgate_cell_rows_read_total', async () => {
          answer = await list(LIST, 'servers', { all: true, sort, first: limit, after });
        });
        expect(answer!.nodes).toHaveLength(limit);
        rows.push(sum(read));
        after = answer!.pageInfo.endCursor;
      }
      return rows;
    };

    it('reads at most 1.5 × 100 + 2 × cells rows for a page of 100 in the default order', async () => {
      for (const rows of await rowsOfPages(null)) {
        expect(rows).toBeGreaterThan(limit);
        expect(rows).toBeLessThanOrEqual(bound);
      }
    });

    // Sorted by name or zone, a page comes from two or three cells (the demo names and zones carry the cell's
    // name), and every cell's first batch is read past the cut: more than the goal, far less than every cell
    // sending a whole page (11 × 101).
    for (const sort of [
      [{ key: 'NAME', direction: 'ASC' }],
      [{ key: 'AVAILABILITY_ZONE', direction: 'DESC' }],
    ]) {
      it(`reads at most twice that for a page of 100 whose rows come from few cells (${sort[0]!.key})`, async () => {
        for (const rows of await rowsOfPages(sort)) {
          expect(rows).toBeGreaterThan(limit);
          expect(rows).toBeLessThanOrEqual(2 * bound);
        }
      });
    }
  });

  describe('a page read again', () => {
    it('takes one statement per cell, for the same page, once the gateway has seen where its rows are', async () => {
      // The first 23 by name all come from one cell (the demo names carry the cell's name): read the first time,
      // that cell's first batch is full and before the cut, so it is asked again; the second time it is asked for
      // what it gave to the page, plus one.
      const variables = { all: true, sort: [{ key: 'NAME', direction: 'ASC' }], first: 23 };
      const read = async () => {
        let ids: string[] = [];
        const statements = await addedPerCell('cellgate_cell_queries_total', async () => {
          ids = (await list(LIST, 'servers', variables)).nodes.map((node) => node.id);
        });
        return { ids, statements: sum(statements) };
      };

      const first = await read();
      const again = await read();

      expect(again.ids).toEqual(first.ids);
      expect(first.ids).toHaveLength(23);
      expect(first.statements).toBeGreaterThan(CELL_COUNT);
      expect(again.statements).toBe(CELL_COUNT);
    });
  });

  describe('per-project cells', () => {
    const createIn = async (cell: string, token: string, name: string) => {
      const answer = await topology.graphql<{ createServer: { id: string } }>(
        `mutation($zone: String) { createServer(input: { name: "${name}", flavor: "m1.tiny", image: "cirros", availabilityZone: $zone }) { id } }`,
        { zone: cell },
        token,
      );
      expect(answer.body.errors).toBeUndefined();
      return answer.body.data!.createServer.id;
    };

    it('asks only the cells where the project has resources, and no others are reported', async () => {
      const ids = [
        await createIn('cell4', pairToken, 'pair-a'),
        await createIn('cell9', pairToken, 'pair-b'),
      ];
      // A second gateway knows nothing of these creates: it finds the cells in the API database's mappings.
      const other = await topology.startGateway({});
      for (const gateway of [
        { url: topology.baseUrl, graphql: topology.graphql },
        { url: other.baseUrl, graphql: other.graphql },
      ]) {
        let answer: Page | undefined;
        const statements = await addedPerCell(
          'cellgate_cell_queries_total',
          async () => {
            const result = await gateway.graphql<{ servers: Page }>(LIST, {}, pairToken);
            answer = result.body.data!.servers;
          },
          gateway.url,
        );
        expect(new Set(answer!.nodes.map((node) => node.id))).toEqual(new Set(ids));
        expect(answer!.partial).toBe(false);
        expect(Object.keys(statements).sort()).toEqual(['cell4', 'cell9']);
      }
    });

    it('lists a resource created in a new cell by this gateway at once', async () => {
      const before = await list(LIST, 'servers', {}, pairToken); // caches cell4 and cell9
      const id = await createIn('cell6', pairToken, 'pair-c');
      const after = await list(LIST, 'servers', {}, pairToken);
      expect(after.nodes.map((node) => node.id)).toEqual([id, ...before.nodes.map((node) => node.id)]);
    });

    it('lists a project with no resources from no cell at all, with nothing unreachable', async () => {
      const [token] = await signTokens(topology.config, [
        { userId: 'nobody', projectId: 'empty', role: 'member' },
      ]);
      const statements = await addedPerCell('cellgate_cell_queries_total', async () => {
        const answer = await list(LIST, 'servers', {}, token);
        expect(answer).toEqual({
          nodes: [],
          pageInfo: { hasNextPage: false, endCursor: null },
          partial: false,
        });
      });
      expect(statements).toEqual({});
    });
  });

  describe('subfields', () => {
    it('sends fault and message batches only to the cells with servers on the page', async () => {
      const page = (subfields: string) => async () => {
        const answer = await topology.graphql<{ servers: { nodes: { id: string; status: string }[] } }>(
          `{ servers(allProjects: true, first: 100, filter: { availabilityZone: "cell3" }) {
               nodes { id status ${subfields} } } }`,
        );
        expect(answer.body.errors).toBeUndefined();
        const nodes = answer.body.data!.servers.nodes;
        expect(nodes).toHaveLength(2 * SERVERS_PER_CELL);
        expect(nodes.some((node) => node.status === 'ERROR')).toBe(true);
      };
      // Read once first: a page read again takes its first batches from this read (PageShapes), so the three
      // reads below send the same list statements and differ only by their subfields' batches.
      await page('')();
      const listOnly = await addedPerCell('cellgate_cell_queries_total', page(''));
      const withSubfields = await addedPerCell(
        'cellgate_cell_queries_total',
        page('fault { code } messages { id }'),
      );
      // Every cell is asked for the list (any may hold servers of that zone); only cell3, which holds the page,
      // gets the fault batch and the messages batch.
      expect(Object.keys(listOnly).sort()).toEqual(['cell0', ...CELLS].sort());
      expect(withSubfields).toEqual({ ...listOnly, cell3: listOnly.cell3! + 2 });
      // The same through edges and a fragment: the page's faults and messages are still fetched once per cell.
      const throughEdges = await addedPerCell('cellgate_cell_queries_total', async () => {
        const answer = await topology.graphql<{
          servers: {
            edges: { node: { status: string; fault: { code: number } | null; messages: unknown[] } }[];
          };
        }>(
          `query { servers(allProjects: true, first: 100, filter: { availabilityZone: "cell3" }) {
               edges { node { ...subfields } } } }
           fragment subfields on Server { status fault { code } messages { id } }`,
        );
        expect(answer.body.errors).toBeUndefined();
        const nodes = answer.body.data!.servers.edges.map((edge) => edge.node);
        expect(nodes.filter((node) => node.status === 'ERROR').every((node) => node.fault !== null)).toBe(
          true,
        );
        expect(nodes.some((node) => node.messages.length > 0)).toBe(true);
      });
      expect(throughEdges).toEqual(withSubfields);
    });
  });

  describe('with the API database down', () => {
    it("asks every cell for a member's list, and answers", async () => {
      const fresh = await topology.startGateway({});
      topology.apiServer.freeze();
      try {
        let answer: { body: { data?: { servers: Page } | null; errors?: unknown } } | undefined;
        const statements = await addedPerCell(
          'cellgate_cell_queries_total',
          async () => {
            answer = await fresh.graphql<{ servers: Page }>(LIST, { first: 5 }, pairToken);
          },
          fresh.baseUrl,
        );
        expect(answer!.body.errors).toBeUndefined();
        expect(answer!.body.data!.servers.nodes).toHaveLength(3);
        expect(answer!.body.data!.servers.partial).toBe(false);
        expect(Object.keys(statements).sort()).toEqual(['cell0', ...CELLS].sort());
      } finally {
        topology.apiServer.thaw();
      }
    }, 60_000);
  });
});

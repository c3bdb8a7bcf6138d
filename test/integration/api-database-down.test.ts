import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTopology, waitFor, type GraphqlAnswer, type Topology } from '../support/topology.js';

/**
 * CONTRACT section 5, "The API database down too", and section 2's `/readyz`, against real servers: the API
 * database and cell0 share one MariaDB process (as Nova deploys them), which the tests freeze (SIGSTOP) and kill
 * (SIGKILL); cell1 and cell2 have one process each.
 */

const CELL_TIMEOUT_MS = 1_000;

const LIST = `query($first: Int, $after: ID) {
  servers(first: $first, after: $after) {
    nodes { id status name } partial unreachableCells pageInfo { hasNextPage endCursor }
  }
}`;
const ADMIN_LIST = '{ servers(allProjects: true) { nodes { id status } partial unreachableCells } }';
const SHOW = 'query($id: ID!) { server(id: $id) { id status name } }';
const FLAVORS = '{ flavors { name vcpus ram } }';
const SHARE_TYPES = '{ shareTypes { id name } }';
const CREATE = 'mutation { createServer(input: { name: "during", flavor: "m1.tiny" }) { id status } }';

interface ListAnswer {
  readonly servers: {
    readonly nodes: { readonly id: string; readonly status: string; readonly name: string | null }[];
    readonly partial: boolean;
    readonly unreachableCells: string[] | null;
    readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  };
}

describe('the API database down too', () => {
  let topology: Topology;
  /** The demo member's servers, newest first, before anything went down. */
  let baseline: ListAnswer['servers']['nodes'];
  let flavors: unknown;
  let shareTypes: unknown;
  /** A share backend of cell1 ("host@backend"), for ensureShares. */
  let shareHost: string;
  /** Server ids of cell1 and cell2 (the cells on servers of their own). */
  const reachableIds = new Set<string>();

  beforeAll(async () => {
    topology = await startTopology({
      cells: ['cell1', 'cell2'],
      serversPerCell: 3,
      isCell0OnApiServer: true,
      env: {
        CELL_TIMEOUT_MS: String(CELL_TIMEOUT_MS),
        CELL_BREAKER_FAILURE_THRESHOLD: '3',
        CELL_BREAKER_OPEN_MS: '400',
        REFERENCE_DATA_REFRESH_S: '1',
      },
    });
    // A request no host can take goes to cell0 (on the API database's server); without workers it stays there.
    const unschedulable = await member(
      'mutation { createServer(input: { name: "huge", flavor: "m1.huge" }) { id } }',
    );
    expect(unschedulable.body.errors).toBeUndefined();
    baseline = (await member<ListAnswer>(LIST)).body.data!.servers.nodes;
    flavors = (await member(FLAVORS)).body.data;
    shareTypes = (await member(SHARE_TYPES)).body.data;
    const services = await topology.graphql<{ services: { nodes: { host: string; cell: string }[] } }>(
      '{ services(filter: { binary: "share" }) { nodes { host cell } } }',
    );
    shareHost = services.body.data!.services.nodes.find((node) => node.cell === 'cell1')!.host;
    for (const cell of ['cell1', 'cell2']) {
      for (const id of await idsInCell(cell)) reachableIds.add(id);
    }
  });

  afterAll(async () => {
    await topology?.stop();
  });

  const member = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) =>
    topology.graphql<T>(query, variables, topology.tokens.demo);
  const readyz = async () => {
    const response = await fetch(`${topology.baseUrl}/readyz`);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  /** A connection straight to a database of the test (not through the gateway). */
  const connect = (server: { port: number }, database: string) =>
    mysql.createConnection({ host: '127.0.0.1', port: server.port, user: 'root', database });
  async function idsInCell(cell: string): Promise<string[]> {
    const connection = await connect(topology.cell(cell), `cellgate_${cell}`);
    try {
      const [rows] = await connection.query<mysql.RowDataPacket[]>('SELECT uuid FROM instances');
      return rows.map((row) => String(row['uuid']));
    } finally {
      await connection.end();
    }
  }
  async function countRows(cell: string): Promise<{ instances: number; shares: number; tasks: number }> {
    const connection = await connect(topology.cell(cell), `cellgate_${cell}`);
    try {
      const [[instances]] = await connection.query<mysql.RowDataPacket[]>(
        'SELECT COUNT(*) AS n FROM instances',
      );
      const [[shares]] = await connection.query<mysql.RowDataPacket[]>('SELECT COUNT(*) AS n FROM shares');
      const [[tasks]] = await connection.query<mysql.RowDataPacket[]>('SELECT COUNT(*) AS n FROM tasks');
      return { instances: Number(instances!['n']), shares: Number(shares!['n']), tasks: Number(tasks!['n']) };
    } finally {
      await connection.end();
    }
  }
  const isComplete = async () => {
    const answer = await member<ListAnswer>(LIST);
    return answer.body.data?.servers.partial === false && (await readyz()).body['status'] === 'ready';
  };

  it('starts complete, with the API database, cell0 and the cells ready', async () => {
    // Three demo servers in each of cell1 and cell2, and the unschedulable one in cell0.
    expect(baseline.length).toBe(7);
    expect(baseline.filter((node) => !reachableIds.has(node.id)).map((node) => node.name)).toEqual(['huge']);
    expect(await readyz()).toMatchObject({ status: 200, body: { status: 'ready', apiDatabase: 'UP' } });
  });

  for (const outage of ['frozen', 'killed'] as const) {
    describe(`with the API database ${outage}`, () => {
      let before: {
        cell1: { instances: number; tasks: number };
        cell2: { instances: number; tasks: number };
      };

      beforeAll(async () => {
        before = { cell1: await countRows('cell1'), cell2: await countRows('cell2') };
        if (outage === 'frozen') topology.apiServer.freeze();
        else await topology.apiServer.kill();
      });

      afterAll(async () => {
        if (outage === 'frozen') topology.apiServer.thaw();
        else await topology.apiServer.restart();
      });

      it("answers a member's plain list with every server of the reachable cells, partial", async () => {
        const answer = await member<ListAnswer>(LIST);
        expect(answer.status).toBe(200);
        expect(answer.body.errors).toBeUndefined();
        const expected = baseline.filter((node) => reachableIds.has(node.id));
        expect(expected.length).toBeGreaterThan(0);
        expect(answer.body.data!.servers).toEqual({
          nodes: expected,
          partial: true,
          unreachableCells: null,
          pageInfo: { hasNextPage: false, endCursor: expected.at(-1)!.id },
        });
      });

      it('tells an admin which cell was skipped: cell0, without constructs', async () => {
        const answer = await topology.graphql<{
          servers: { nodes: { status: string }[]; unreachableCells: string[] };
        }>(ADMIN_LIST);
        expect(answer.body.errors).toBeUndefined();
        expect(answer.body.data!.servers.unreachableCells).toEqual(['cell0']);
        expect(answer.body.data!.servers.nodes.some((node) => node.status === 'UNKNOWN')).toBe(false);
      });

      it('shows a server of a reachable cell without its mapping', async () => {
        const server = baseline.find((node) => reachableIds.has(node.id))!;
        const answer = await member(SHOW, { id: server.id });
        expect(answer.body).toMatchObject({ data: { server } });
        expect(answer.body.errors).toBeUndefined();
      });

      it('pages on with a marker whose mapping cannot be read', async () => {
        const reachable = baseline.filter((node) => reachableIds.has(node.id));
        const answer = await member<ListAnswer>(LIST, { first: 2, after: reachable[0]!.id });
        expect(answer.body.errors).toBeUndefined();
        expect(answer.body.data!.servers.nodes).toEqual(reachable.slice(1, 3));
      });

      it('answers flavors and share types from the last copy read', async () => {
        expect((await member(FLAVORS)).body).toMatchObject({ data: flavors });
        expect((await member(SHARE_TYPES)).body).toMatchObject({ data: shareTypes });
      });

      it('refuses createServer with API_DATABASE_UNAVAILABLE and writes nothing', async () => {
        const answer = await member(CREATE);
        expect(answer.status).toBe(200);
        expect(answer.body).toMatchObject({
          data: null,
          errors: [
            {
              message: 'The API database did not answer; nothing was written.',
              path: ['createServer'],
              extensions: { code: 'API_DATABASE_UNAVAILABLE' },
            },
          ],
        });
        expect({ cell1: await countRows('cell1'), cell2: await countRows('cell2') }).toEqual(before);
      });

      it('refuses deleteServer too, and changes nothing', async () => {
        const server = baseline.find((node) => reachableIds.has(node.id))!;
        const answer = await member('mutation($id: ID!) { deleteServer(id: $id) { id } }', { id: server.id });
        expect(answer.body.errors?.[0]?.extensions?.['code']).toBe('API_DATABASE_UNAVAILABLE');
        expect((await member(SHOW, { id: server.id })).body).toMatchObject({ data: { server } });
      });

      it('refuses createShare, deleteShares, createShareNetwork and ensureShares too, and changes nothing', async () => {
        const refusals = await Promise.all([
          member('mutation { createShare(input: { shareProto: "NFS", size: 1 }) { id } }'),
          member('mutation { deleteShares(ids: ["c6d3c4f8-6e2d-58cb-9ebe-3da3fa64ff0f"]) }'),
          member(
            'mutation { createShareNetwork(input: { neutronNetId: "n", neutronSubnetId: "s" }) { id } }',
          ),
          topology.graphql('mutation($host: String!) { ensureShares(host: $host) { ensuring } }', {
            host: shareHost,
          }),
        ]);
        expect(
          refusals.map((answer) => answer.body.errors?.map((error) => error.extensions?.['code'])),
        ).toEqual([
          ['API_DATABASE_UNAVAILABLE'],
          ['API_DATABASE_UNAVAILABLE'],
          ['API_DATABASE_UNAVAILABLE'],
          ['API_DATABASE_UNAVAILABLE'],
        ]);
        const services = await topology.graphql<{
          services: { nodes: { host: string; ensuring: boolean }[] };
        }>('{ services(filter: { binary: "share" }) { nodes { host ensuring } } }');
        expect(services.body.data!.services.nodes.find((node) => node.host === shareHost)!.ensuring).toBe(
          false,
        );
        expect({ cell1: await countRows('cell1'), cell2: await countRows('cell2') }).toEqual(before);
      });

      it('says degraded with 200 on /readyz', async () => {
        const ready = await readyz();
        expect(ready).toMatchObject({ status: 200, body: { status: 'degraded', apiDatabase: 'DOWN' } });
        expect(ready.body['cells']).toEqual(
          expect.arrayContaining([expect.objectContaining({ name: 'cell1', state: 'UP' })]),
        );
      });
    });

    it(`is complete again without a restart once the ${outage} API database is back`, async () => {
      await waitFor(isComplete, 20_000, 'a complete list and a ready gateway');
      const answer = await member<ListAnswer>(LIST);
      expect(answer.body.data!.servers.nodes).toEqual(baseline);
      const created = await member<{ createServer: { id: string; status: string } }>(CREATE);
      expect(created.body.errors).toBeUndefined();
      expect(created.body.data!.createServer.status).toBe('BUILD');
      baseline = (await member<ListAnswer>(LIST)).body.data!.servers.nodes;
      for (const cell of ['cell1', 'cell2']) {
        for (const id of await idsInCell(cell)) reachableIds.add(id);
      }
    });
  }

  describe('a create between its cell write and its API write', () => {
    /**
     * Holds next-key locks on every row of `resource_mappings` (and the gap after the last), so a create's API
     * write waits right after its cell write committed; plain reads of the table are not blocked (InnoDB MVCC).
     * Resolves once the create's cell row is there, so the caller acts inside that window.
     */
    async function holdMappingWrites(): Promise<{
      create: Promise<GraphqlAnswer<{ createServer: { id: string } }>>;
      id: string;
      cell: string;
      lock: mysql.Connection;
    }> {
      const lock = await connect(topology.apiServer, 'cellgate_api');
      await lock.query('START TRANSACTION');
      await lock.query('SELECT resource_id FROM resource_mappings FOR UPDATE');
      const known = new Set([...(await idsInCell('cell1')), ...(await idsInCell('cell2'))]);
      const create = member<{ createServer: { id: string } }>(CREATE);
      const found = await waitFor(
        async () => {
          for (const cell of ['cell1', 'cell2']) {
            const fresh = (await idsInCell(cell)).find((id) => !known.has(id));
            if (fresh) return { id: fresh, cell };
          }
          return undefined;
        },
        10_000,
        "the create's cell row",
      );
      return { create, lock, ...found };
    }

    it('lists the new server and accepts its id as a marker and in server(id) before its mapping exists', async () => {
      const held = await holdMappingWrites();
      try {
        const first = await member<ListAnswer>(LIST, { first: 1 });
        expect(first.body.data!.servers.nodes[0]!.id).toBe(held.id);
        const endCursor = first.body.data!.servers.pageInfo.endCursor;
        expect(endCursor).toBe(held.id);
        const next = await member<ListAnswer>(LIST, { first: 2, after: endCursor });
        expect(next.body.errors).toBeUndefined();
        expect(next.body.data!.servers.nodes.map((node) => node.id)).toEqual(
          baseline.slice(0, 2).map((node) => node.id),
        );
        expect((await member(SHOW, { id: held.id })).body).toMatchObject({
          data: { server: { id: held.id, status: 'BUILD', name: 'during' } },
        });
      } finally {
        await held.lock.query('ROLLBACK');
        await held.lock.end();
      }
      const created = await held.create;
      expect(created.body.errors).toBeUndefined();
      expect(created.body.data!.createServer.id).toBe(held.id);
      baseline = (await member<ListAnswer>(LIST)).body.data!.servers.nodes;
    });

    it('rolls the cell row back when the API database dies before the API write, and answers API_DATABASE_UNAVAILABLE', async () => {
      const before = { cell1: await countRows('cell1'), cell2: await countRows('cell2') };
      const held = await holdMappingWrites();
      await topology.apiServer.kill();
      try {
        const answer = await held.create;
        expect(answer.body).toMatchObject({
          data: null,
          errors: [{ path: ['createServer'], extensions: { code: 'API_DATABASE_UNAVAILABLE' } }],
        });
        expect(await idsInCell(held.cell)).not.toContain(held.id);
        expect({ cell1: await countRows('cell1'), cell2: await countRows('cell2') }).toEqual(before);
      } finally {
        held.lock.destroy();
        await topology.apiServer.restart();
      }
      const api = await connect(topology.apiServer, 'cellgate_api');
      try {
        const [rows] = await api.query<mysql.RowDataPacket[]>(
          'SELECT resource_id FROM resource_mappings WHERE resource_id = ?',
          [held.id],
        );
        expect(rows).toEqual([]);
      } finally {
        await api.end();
      }
      await waitFor(isComplete, 20_000, 'a complete list after the restart');
    });
  });
});

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { Kysely, MysqlDialect } from 'kysely';
import { createPool } from 'mysql2';

import type { CellDatabase } from '../src/cell-db/cell-database.js';
import { findLatestFaults } from '../src/cell-db/instance-fault.repository.js';
import {
  instanceRowToServer,
  listInstanceRows,
  type InstanceRow,
} from '../src/cell-db/instance.repository.js';
import { connectionOptionsFromUrl } from '../src/database/connection-url.js';
import { SERVER_SORT } from '../src/listing/list-servers.js';
import { resolveSort } from '../src/listing/sort-spec.js';
import type { CellMapping } from '../src/registry/cell-mapping.js';
import { compareValues, type SortValue } from '../src/util/compare-values.js';

/** The GraphQL document whose answer the plain endpoint writes by hand. */
export const PLAIN_QUERY = `{ servers(allProjects: true, first: 100) {
  nodes { id name status created projectId availabilityZone flavor { name vcpus ram } image { id name } fault { code message } }
  pageInfo { hasNextPage endCursor } partial } }`;

/** A running plain endpoint. */
export interface PlainEndpoint {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The baseline of the throughput ratio: a bare `node:http` server that answers `GET /servers` with what the
 * gateway answers to `PLAIN_QUERY`, by the same SQL (the repository's functions, one query per cell for the page
 * and one per cell for the faults of its ERROR and DELETED servers), merged in JS and written with
 * `JSON.stringify`. No GraphQL, no auth, no deadlines, no breaker, no metrics: what the gateway's features cost
 * is the gap between the two.
 */
export async function startPlainEndpoint(cells: readonly CellMapping[]): Promise<PlainEndpoint> {
  const databases = cells.map(
    (cell) =>
      new Kysely<CellDatabase>({
        dialect: new MysqlDialect({
          pool: createPool({ ...connectionOptionsFromUrl(cell.databaseUrl, 2_000), connectionLimit: 10 }),
        }),
      }),
  );
  const keys = resolveSort(undefined, SERVER_SORT);
  const compare = (a: InstanceRow, b: InstanceRow) => {
    for (const key of keys) {
      const order = compareValues(
        (a as unknown as Record<string, SortValue>)[key.column] ?? null,
        (b as unknown as Record<string, SortValue>)[key.column] ?? null,
      );
      if (order !== 0) return key.direction === 'asc' ? order : -order;
    }
    return 0;
  };
  const page = async () => {
    const lists = await Promise.all(
      databases.map(async (db, index) =>
        (
          await listInstanceRows(db, {
            projectId: null,
            filter: { deleted: false },
            keys,
            after: null,
            limit: 101,
          })
        ).map((row) => ({ row, cell: index })),
      ),
    );
    const merged = lists.flat().sort((a, b) => compare(a.row, b.row));
    const servers = merged
      .slice(0, 100)
      .map(({ row, cell }) => ({ server: instanceRowToServer(row, cells[cell]!.uuid), cell }));
    const faulted = databases.map(() => [] as string[]);
    for (const { server, cell } of servers) {
      if (server.status === 'ERROR' || server.status === 'DELETED') faulted[cell]!.push(server.id);
    }
    const faults = await Promise.all(
      databases.map((db, index) =>
        faulted[index]!.length === 0 ? new Map() : findLatestFaults(db, faulted[index]!),
      ),
    );
    const nodes = servers.map(({ server, cell }) => {
      const fault = faulted[cell]!.includes(server.id) ? (faults[cell]!.get(server.id) ?? null) : null;
      return {
        id: server.id,
        name: server.name,
        status: server.status,
        created: server.created?.toISOString() ?? null,
        projectId: server.projectId,
        availabilityZone: server.availabilityZone,
        flavor: server.flavor
          ? { name: server.flavor.name, vcpus: server.flavor.vcpus, ram: server.flavor.ram }
          : null,
        image: server.image ? { id: server.image.id, name: server.image.name } : null,
        fault: fault ? { code: fault.code, message: fault.message } : null,
      };
    });
    return {
      data: {
        servers: {
          nodes,
          pageInfo: { hasNextPage: merged.length > 100, endCursor: nodes.at(-1)?.id ?? null },
          partial: false,
        },
      },
    };
  };
  const server = createServer((request, response) => {
    if (request.url !== '/servers') {
      response.writeHead(404).end();
      return;
    }
    page().then(
      (body) => {
        const text = JSON.stringify(body);
        response.writeHead(200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        });
        response.end(text);
      },
      () => response.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await Promise.all(databases.map((db) => db.destroy()));
    },
  };
}

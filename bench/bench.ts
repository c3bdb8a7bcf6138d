/**
 * `npm run bench`: measured figures of cellgate on this machine, printed as a table. Nothing here asserts; the
 * numbers are for reading. Everything runs on 127.0.0.1 with bounded durations.
 *
 *   1. Throughput and latency of `servers(first: 100)` through the gateway, against a hand-written Fastify endpoint
 *      that runs the very same SQL per cell (the repository's query, plain mysql2 pools) and merges in JS.
 *   2. SQL statements per request for several page sizes, with `fault` and `messages` subfields.
 *   3. What a frozen cell costs a request: before its breaker opens, and after.
 *   4. What refusing an oversized query costs: 3000 aliases of `servers`, refused by the token limit and (with
 *      the token limit raised) by the alias limit, before any cell is asked.
 *   5. Memory of the process after the load.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

import Fastify from 'fastify';
import { Kysely, MysqlDialect } from 'kysely';
import { createPool } from 'mysql2';

import type { CellDatabase } from '../src/cell-db/cell-database.js';
import { instanceRowToServer, listInstanceRows } from '../src/cell-db/instance.repository.js';
import { mergeSorted, compareBy } from '../src/listing/merge-sorted.js';
import { resolveSort } from '../src/listing/sort-spec.js';
import { SERVER_SORT } from '../src/listing/list-servers.js';
import { connectionOptionsFromUrl } from '../src/database/connection-url.js';
import { startTopology, waitFor } from '../test/support/topology.js';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const SERVERS_PER_CELL = Number(process.env.BENCH_SERVERS_PER_CELL ?? 60);

const rows: [string, string][] = [];
const report = (name: string, value: string) => {
  rows.push([name, value]);
  console.log(`${name.padEnd(64)} ${value}`);
};

const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

/** Loads `url` with autocannon in a process of its own, so the load generator does not share the gateway's event loop. */
function load(url: string, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string }) {
  const args = [AUTOCANNON, '-j', '-c', String(CONNECTIONS), '-d', String(DURATION_S), '-m', init.method];
  for (const [name, value] of Object.entries(init.headers)) args.push('-H', `${name}=${value}`);
  if (init.body !== undefined) args.push('-b', init.body);
  args.push(url);
  return new Promise<{ requestsPerSecond: number; p50: number; p99: number; errors: number }>(
    (resolve, reject) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('error', reject);
      child.on('close', () => {
        const result = JSON.parse(output) as {
          requests: { average: number };
          latency: { p50: number; p99: number };
          errors: number;
          non2xx: number;
        };
        resolve({
          requestsPerSecond: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.errors + result.non2xx,
        });
      });
    },
  );
}

console.log(
  `cellgate benchmark: ${SERVERS_PER_CELL * 6} servers over 3 cells, ${CONNECTIONS} connections, ${DURATION_S} s per run\n`,
);
const topology = await startTopology({
  serversPerCell: SERVERS_PER_CELL,
  env: { CELL_TIMEOUT_MS: '1000', CELL_BREAKER_OPEN_MS: '1000', SERVICE_DOWN_TIME_S: '3600' },
});
try {
  const query = `{ servers(allProjects: true, first: 100) {
    nodes { id name status created projectId availabilityZone flavor { name vcpus ram } image { id name } }
    pageInfo { hasNextPage endCursor } partial } }`;
  const graphqlInit: { method: 'POST'; headers: Record<string, string>; body: string } = {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${topology.tokens.admin}` },
    body: JSON.stringify({ query }),
  };

  // The hand-written endpoint: the same SQL per cell, no GraphQL, no deadlines, no breaker.
  const cells = topology.app!.services.registry.cells();
  const plain = cells.map(
    (cell) =>
      new Kysely<CellDatabase>({
        dialect: new MysqlDialect({
          pool: createPool({ ...connectionOptionsFromUrl(cell.databaseUrl, 2_000), connectionLimit: 10 }),
        }),
      }),
  );
  const keys = resolveSort(undefined, SERVER_SORT);
  const direct = Fastify();
  direct.get('/servers', async () => {
    const lists = await Promise.all(
      plain.map(async (db, index) =>
        (
          await listInstanceRows(db, {
            projectId: null,
            filter: { deleted: false },
            keys,
            after: null,
            limit: 101,
          })
        ).map((row) => ({ row, cell: cells[index]! })),
      ),
    );
    const merged = mergeSorted(
      lists,
      compareBy(keys, (entry, column) => (entry.row as never)[column] ?? null),
      101,
    );
    const nodes = merged.slice(0, 100).map(({ row, cell }) => instanceRowToServer(row, cell.uuid));
    return { servers: { nodes, hasNextPage: merged.length > 100 } };
  });
  const directUrl = await direct.listen({ port: 0, host: '127.0.0.1' });

  await load(`${topology.baseUrl}/graphql`, graphqlInit); // warm-up
  const gateway = await load(`${topology.baseUrl}/graphql`, graphqlInit);
  const handWritten = await load(`${directUrl}/servers`, { method: 'GET', headers: {} });
  report('gateway servers(first: 100): requests/s', gateway.requestsPerSecond.toFixed(0));
  report('gateway servers(first: 100): latency p50 / p99 (ms)', `${gateway.p50} / ${gateway.p99}`);
  report('hand-written endpoint, same SQL: requests/s', handWritten.requestsPerSecond.toFixed(0));
  report(
    'hand-written endpoint, same SQL: latency p50 / p99 (ms)',
    `${handWritten.p50} / ${handWritten.p99}`,
  );
  report(
    'gateway throughput / hand-written throughput',
    (gateway.requestsPerSecond / handWritten.requestsPerSecond).toFixed(2),
  );
  report('errors or non-2xx during the runs', String(gateway.errors + handWritten.errors));

  const queriesSoFar = async () => {
    const text = await (await fetch(`${topology.baseUrl}/metrics`)).text();
    return [...text.matchAll(/^cellgate_cell_queries_total\{cell="([^"]+)"\} (\d+)/gm)].reduce(
      (sum, m) => sum + Number(m[2]),
      0,
    );
  };
  for (const first of [10, 100, 300]) {
    const before = await queriesSoFar();
    await topology.graphql(
      `{ servers(allProjects: true, first: ${first}) { nodes { id fault { code } messages { id } } } }`,
    );
    report(
      `SQL statements for servers(first: ${first}) with fault and messages`,
      String((await queriesSoFar()) - before),
    );
  }

  const bomb = `{ ${Array.from({ length: 3000 }, (_, i) => `a${i}: servers { nodes { id name fault { message } } }`).join(' ')} }`;
  const lenient = await topology.startGateway({ MAX_QUERY_TOKENS: '1000000' });
  for (const [name, send] of [
    ['token limit', (query: string) => topology.graphql(query)],
    ['alias limit', (query: string) => lenient.graphql(query)],
  ] as const) {
    const before = await queriesSoFar();
    (globalThis as { gc?: () => void }).gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const times = [];
    for (let i = 0; i < 10; i++) times.push((await send(bomb)).elapsedMs);
    (globalThis as { gc?: () => void }).gc?.();
    const heapAfter = process.memoryUsage().heapUsed;
    report(
      `3000 aliases refused (${name}): first / median of the next 9 (ms)`,
      `${times[0]!.toFixed(1)} / ${[...times.slice(1)].sort((a, b) => a - b)[4]!.toFixed(1)}`,
    );
    report(
      `  cell queries sent, heap kept after 10 refusals and a full GC (MB)`,
      `${(await queriesSoFar()) - before}, ${((heapAfter - heapBefore) / 1_048_576).toFixed(1)}`,
    );
  }

  const plainList = '{ servers(allProjects: true) { nodes { id status } partial } }';
  const healthy = [];
  for (let i = 0; i < 20; i++) healthy.push((await topology.graphql(plainList)).elapsedMs);
  topology.cell('cell2').freeze();
  const firstFrozen = (await topology.graphql(plainList)).elapsedMs;
  for (let i = 0; i < 3; i++) await topology.graphql(plainList);
  const open = [];
  for (let i = 0; i < 20; i++) open.push((await topology.graphql(plainList)).elapsedMs);
  topology.cell('cell2').thaw();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  report('plain list, all cells healthy: median latency (ms)', median(healthy).toFixed(1));
  report('plain list, one cell frozen, breaker closed (CELL_TIMEOUT_MS=1000) (ms)', firstFrozen.toFixed(1));
  report('plain list, one cell frozen, breaker open: median latency (ms)', median(open).toFixed(1));
  const recoveryStarted = performance.now();
  await waitFor(
    async () =>
      (await topology.graphql<{ servers: { partial: boolean } }>(plainList)).body.data?.servers.partial ===
      false,
    30_000,
  );
  report(
    'recovery after thaw, until complete answers (ms)',
    (performance.now() - recoveryStarted).toFixed(0),
  );

  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  report(
    'process RSS after the runs (MB, gateway and hand-written endpoint)',
    (memory.rss / 1_048_576).toFixed(0),
  );
  report('heap used after the runs and a full GC (MB)', (memory.heapUsed / 1_048_576).toFixed(0));

  await direct.close();
  await Promise.all(plain.map((db) => db.destroy()));
} finally {
  await topology.stop();
}

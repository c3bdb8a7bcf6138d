/**
 * `npm run bench`: measured figures of cellgate on this machine, printed as a table. Nothing here asserts; the
 * numbers are for reading. Everything runs on 127.0.0.1 with bounded durations (about 4 minutes in all).
 *
 *   1. The machine: cpu, cores, load average before and after.
 *   2. Throughput of `servers(allProjects: true, first: 100)` (+ flavor, fault) through the gateway, with each
 *      executor (`GRAPHQL_EXECUTOR=jit`, and a second gateway in the process with `graphql-js`), against a bare
 *      `node:http` endpoint that runs the same SQL per cell, merges in JS and calls `JSON.stringify`
 *      (`plain-endpoint.ts`); the three pages are checked equal first. Alternating runs, the range over rounds.
 *   3. SQL statements per request for several page sizes, with `fault` and `messages` subfields.
 *   4. What refusing an oversized query costs (token and alias limits), before any cell is asked.
 *   5. What a frozen cell costs a request: before its breaker opens, and after.
 *   6. Cell counts: 3, 11 and 41 cells (cell0 included) as databases on one server, 300 servers per cell: p50 and
 *      rows read per page (`cellgate_cell_rows_read_total`, "n/a" without it) of three queries (the same page read
 *      again and again, as a dashboard does; the two all-projects pages also as first reads), the floor (bare
 *      mysql2 to every cell) against the same statements through the gateway's fan-out (p50 and CPU per
 *      statement), and each query's median p50 above the floor's; then each query's growth from the smallest cell
 *      count, against the growth it would have if the gateway's work above the floor did not grow with the cells.
 *   7. A big cell: a page of 100 on one cell of 100,000 servers against the same cell with 1,000.
 *   8. Memory of the process after the load.
 *
 * `BENCH_SECTIONS=throughput,statements,limits,frozen,cells,bigcell,memory` (any subset; all by default) runs only
 * those sections, so one figure can be measured again in seconds. `BENCH_PROFILE=file.cpuprofile` writes a CPU
 * profile (node:inspector) of the process during the jit gateway's load runs only (`BENCH_PROFILE_TARGET=graphql-js`
 * or `plain` profiles that target instead), for `bench/top-frames.ts`.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { isDeepStrictEqual } from 'node:util';

import { Kysely, Migrator, MysqlDialect, sql } from 'kysely';
import { createConnection, createPool } from 'mysql2';

import { CELL_MIGRATIONS } from '../cells/migrate.js';
import type { CellDatabase } from '../src/cell-db/cell-database.js';
import { selectInstanceList } from '../src/cell-db/instance.repository.js';
import { connectionOptionsFromUrl } from '../src/database/connection-url.js';
import { PageShapes } from '../src/fanout/page-shapes.js';
import { firstBatchSize } from '../src/listing/adaptive-merge.js';
import { SERVER_SORT } from '../src/listing/list-servers.js';
import { resolveSort } from '../src/listing/sort-spec.js';
import { RequestFanout } from '../src/fanout/cell-fanout.js';
import type { AppServices } from '../src/graphql/app-services.js';
import { bulkInsertServers } from '../test/support/bulk-servers.js';
import { startTopology, waitFor, type Topology } from '../test/support/topology.js';
import { PLAIN_QUERY, startPlainEndpoint } from './plain-endpoint.js';
import { seedTenantProject } from './tenant-project.js';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Demo servers per project per cell: two projects, so 300 servers per cell. */
const SERVERS_PER_PROJECT = Number(process.env.BENCH_SERVERS_PER_PROJECT ?? 150);
/** Requests per query per round in the latency sections. */
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 25);
const CELL_COUNTS = (process.env.BENCH_CELL_COUNTS ?? '3,11,41').split(',').map(Number);
const BIG_CELL_SERVERS = Number(process.env.BENCH_BIG_CELL_SERVERS ?? 100_000);
const SECTIONS = new Set(
  (process.env.BENCH_SECTIONS ?? 'throughput,statements,limits,frozen,cells,bigcell,memory').split(','),
);
const PROFILE = process.env.BENCH_PROFILE;
/** Which throughput target `BENCH_PROFILE` profiles: `jit` (default), `graphql-js` or `plain`. */
const PROFILE_TARGET = process.env.BENCH_PROFILE_TARGET ?? 'jit';
if (!['jit', 'graphql-js', 'plain'].includes(PROFILE_TARGET)) {
  console.error(
    `BENCH_PROFILE_TARGET must be jit, graphql-js or plain, got ${JSON.stringify(PROFILE_TARGET)}.`,
  );
  process.exit(2);
}

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

const median = (values: readonly number[]) =>
  [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
/** `min–max (median)` of per-round figures. */
const range = (values: readonly number[], digits = 1) =>
  `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)} (median ${median(values).toFixed(digits)})`;
const machine = () =>
  `load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;

console.log(
  `cellgate benchmark: ${ROUNDS} rounds, ${CONNECTIONS} connections, ${DURATION_S} s per load run\n` +
    `machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores, node ${process.version}, ${machine()}\n` +
    // Where the gateway's code came from (bin/bench.js, BENCH_CODE): its build in dist/, or the sources via tsx.
    `code: ${import.meta.resolve('../src/app.js').includes('/dist/src/') ? 'dist/ (the build cellgate serve runs)' : 'src/ through tsx'}\n`,
);
const topology = await startTopology({
  serversPerCell: SERVERS_PER_PROJECT,
  cells: ['cell1', 'cell2'],
  env: {
    CELL_TIMEOUT_MS: '1000',
    CELL_BREAKER_OPEN_MS: '1000',
    SERVICE_DOWN_TIME_S: '3600',
    GRAPHQL_EXECUTOR: 'jit',
  },
});
try {
  if (SECTIONS.has('throughput')) {
    const graphqlInit: { method: 'POST'; headers: Record<string, string>; body: string } = {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${topology.tokens.admin}` },
      body: JSON.stringify({ query: PLAIN_QUERY }),
    };
    // The topology's gateway executes with graphql-jit; a second one in this process with graphql-js.
    const graphqlJs = await topology.startGateway({ GRAPHQL_EXECUTOR: 'graphql-js' });
    const plain = await startPlainEndpoint(topology.app!.services.registry.cells());
    const gatewayPage = (await topology.graphql(PLAIN_QUERY)).body.data;
    const graphqlJsPage = (await graphqlJs.graphql(PLAIN_QUERY)).body.data;
    const plainPage = ((await (await fetch(`${plain.url}/servers`)).json()) as { data: unknown }).data;
    report(
      'same page from both gateways and the plain endpoint (3 cells, 300 each)',
      isDeepStrictEqual(gatewayPage, plainPage) && isDeepStrictEqual(graphqlJsPage, plainPage)
        ? 'yes'
        : 'NO: the ratios below compare different work',
    );

    const targets = {
      jit: { url: `${topology.baseUrl}/graphql`, init: graphqlInit },
      'graphql-js': { url: `${graphqlJs.baseUrl}/graphql`, init: graphqlInit },
      plain: { url: `${plain.url}/servers`, init: { method: 'GET' as const, headers: {} } },
    };
    type Target = keyof typeof targets;
    const runs: Record<Target, Awaited<ReturnType<typeof load>>[]> = { jit: [], 'graphql-js': [], plain: [] };
    const cpuPerRequest: Record<Target, number[]> = { jit: [], 'graphql-js': [], plain: [] };
    for (const { url, init } of Object.values(targets)) await load(url, init); // warm-up
    const profiler = PROFILE === undefined ? undefined : new Session();
    if (profiler) {
      profiler.connect();
      await profiler.post('Profiler.enable');
    }
    // Alternating rounds of the jit gateway, the graphql-js gateway and the plain endpoint, each round starting
    // one target later, so that no target always runs right after the same other one; one of them profiled.
    const order = Object.entries(targets) as [Target, (typeof targets)[Target]][];
    for (let round = 0; round < ROUNDS; round++) {
      const rotated = [...order.slice(round % order.length), ...order.slice(0, round % order.length)];
      for (const [target, { url, init }] of rotated) {
        const isProfiled = profiler !== undefined && target === PROFILE_TARGET;
        if (isProfiled) await profiler.post('Profiler.start');
        const cpuBefore = process.cpuUsage();
        runs[target].push(await load(url, init));
        const cpu = process.cpuUsage(cpuBefore);
        cpuPerRequest[target].push(
          (cpu.user + cpu.system) / 1000 / (runs[target].at(-1)!.requestsPerSecond * DURATION_S),
        );
        if (isProfiled) {
          const { profile } = await profiler.post('Profiler.stop');
          await writeFile(
            ROUNDS === 1 ? PROFILE! : PROFILE!.replace(/(\.cpuprofile)?$/, `.${round}$1`),
            JSON.stringify(profile),
          );
        }
      }
    }
    profiler?.disconnect();
    const names: Record<Target, string> = {
      jit: 'gateway (GRAPHQL_EXECUTOR=jit)',
      'graphql-js': 'gateway (GRAPHQL_EXECUTOR=graphql-js)',
      plain: 'plain node:http endpoint, same SQL',
    };
    for (const target of Object.keys(targets) as Target[]) {
      report(
        `${names[target]}: requests/s`,
        range(
          runs[target].map((r) => r.requestsPerSecond),
          0,
        ),
      );
      report(
        `${names[target]}: latency p50 / p99 (ms), median round`,
        `${median(runs[target].map((r) => r.p50))} / ${median(runs[target].map((r) => r.p99))}`,
      );
    }
    for (const target of ['jit', 'graphql-js'] as const) {
      report(
        `${names[target]} / plain throughput, per round`,
        range(
          runs[target].map((run, i) => run.requestsPerSecond / runs.plain[i]!.requestsPerSecond),
          2,
        ),
      );
    }
    report(
      'jit / graphql-js gateway throughput, per round',
      range(
        runs.jit.map((run, i) => run.requestsPerSecond / runs['graphql-js'][i]!.requestsPerSecond),
        2,
      ),
    );
    for (const target of Object.keys(targets) as Target[]) {
      report(
        `${names[target]}: CPU of the process per request (ms), per round`,
        range(cpuPerRequest[target], 2),
      );
    }
    report(
      'errors or non-2xx during the runs',
      String(
        Object.values(runs)
          .flat()
          .reduce((n, r) => n + r.errors, 0),
      ),
    );
    await plain.close();
  }

  const queriesSoFar = async () => {
    const text = await (await fetch(`${topology.baseUrl}/metrics`)).text();
    return [...text.matchAll(/^cellgate_cell_queries_total\{cell="([^"]+)"\} (\d+)/gm)].reduce(
      (sum, m) => sum + Number(m[2]),
      0,
    );
  };
  if (SECTIONS.has('statements')) {
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
    const before = await queriesSoFar();
    await topology.graphql(PLAIN_QUERY);
    report('SQL statements for the throughput query', String((await queriesSoFar()) - before));
  }
  if (SECTIONS.has('limits')) {
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
  }
  if (SECTIONS.has('frozen')) {
    const plainList = '{ servers(allProjects: true) { nodes { id status } partial } }';
    const healthy = [];
    for (let i = 0; i < 20; i++) healthy.push((await topology.graphql(plainList)).elapsedMs);
    topology.cell('cell2').freeze();
    const firstFrozen = (await topology.graphql(plainList)).elapsedMs;
    for (let i = 0; i < 3; i++) await topology.graphql(plainList);
    const open = [];
    for (let i = 0; i < 20; i++) open.push((await topology.graphql(plainList)).elapsedMs);
    topology.cell('cell2').thaw();
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
  }
  if (SECTIONS.has('memory')) {
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    report(
      'process RSS after the runs (MB, gateway and hand-written endpoint)',
      (memory.rss / 1_048_576).toFixed(0),
    );
    report('heap used after the runs and a full GC (MB)', (memory.heapUsed / 1_048_576).toFixed(0));
  }
} finally {
  await topology.stop();
}

if (SECTIONS.has('cells')) {
  const byCount = new Map<number, CellCountFigures>();
  for (const cellCount of CELL_COUNTS) byCount.set(cellCount, await benchCellCount(cellCount));
  reportGrowth(byCount);
}
if (SECTIONS.has('bigcell')) await benchBigCell();
console.log(`\nmachine after the runs: ${machine()}`);

/** What section 6 measured at one cell count: each query's median p50, and the bare floor's. */
interface CellCountFigures {
  readonly medians: ReadonlyMap<string, number>;
  /** The queries that ask every cell, whose growth the floor bounds. */
  readonly asksEveryCell: ReadonlySet<string>;
  readonly floorMs: number;
}

/**
 * Section 6's summary: each query's growth of median p50 from the smallest cell count to the others, against the
 * growth it would have if the gateway's work above the floor did not grow with the cells at all (that work at the
 * smallest count, plus the floor at the larger one): what no gateway on this machine can beat, since the floor is
 * the statements alone, sent bare.
 */
function reportGrowth(byCount: ReadonlyMap<number, CellCountFigures>): void {
  const [smallest, ...larger] = [...byCount.keys()].sort((a, b) => a - b);
  if (smallest === undefined || larger.length === 0) return;
  const base = byCount.get(smallest)!;
  console.log(`
growth of p50 from ${smallest} cells: measured / with the work above the floor not growing`);
  for (const count of larger) {
    const figures = byCount.get(count)!;
    for (const [name, p50] of figures.medians) {
      const from = base.medians.get(name);
      if (from === undefined) continue;
      const growth = `×${(p50 / from).toFixed(2)}`;
      const bound = (from - base.floorMs + figures.floorMs) / from;
      report(
        `  ${name}, ${smallest} → ${count} cells`,
        figures.asksEveryCell.has(name)
          ? `${growth} / ×${bound.toFixed(2)}`
          : `${growth} (asks only its project's cells)`,
      );
    }
  }
}

/** Section 6: the three queries on `cellCount` cells (cell0 included), 300 servers per cell. */
async function benchCellCount(cellCount: number): Promise<CellCountFigures> {
  const cells = Array.from({ length: cellCount - 1 }, (_, i) => `cell${i + 1}`);
  const started = performance.now();
  const deployment = await startTopology({
    serversPerCell: SERVERS_PER_PROJECT,
    hasCellsOnOneServer: true,
    cells,
    // The member's default list (first = MAX_LIMIT = 1000) costs 1000 × cells: over the default limit past 20 cells.
    env: { MAX_QUERY_COST: '1000000' },
  });
  try {
    console.log(
      `\n${cellCount} cells as databases on one server, ${SERVERS_PER_PROJECT * 2} servers per cell ` +
        `(set up in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
    const tenant = await seedTenantProject(deployment, ['cell1', 'cell2']);
    const memberList = '{ servers { nodes { id name status created } pageInfo { hasNextPage } } }';
    // Name, query, token, and whether it asks every cell (an all-projects page: also measured as a first read).
    const queries: [string, string, string, boolean][] = [
      ['servers(allProjects, first: 100) + flavor, fault', PLAIN_QUERY, deployment.tokens.admin, true],
      [
        `member's default list, project in 2 cells (${SERVERS_PER_PROJECT * 2} servers)`,
        memberList,
        tenant,
        false,
      ],
      [
        `member's default list, project in every cell (${Math.min(1000, SERVERS_PER_PROJECT * (cellCount - 1))} servers)`,
        memberList,
        deployment.tokens.demo,
        false,
      ],
      [
        'servers(allProjects, first: 20, sort: NAME)',
        '{ servers(allProjects: true, first: 20, sort: [{ key: NAME }]) { nodes { id name status } } }',
        deployment.tokens.admin,
        true,
      ],
    ];
    const medians = new Map<string, number>();
    const asksEveryCell = new Set<string>();
    for (const [name, query, token, isAllProjects] of queries) {
      // The requests read the same page again and again (as a dashboard does), so from the second on the gateway
      // asks each cell for what it gave last time (`PageShapes`); an all-projects page is also read as new.
      if (!isAllProjects) {
        const figures = await latencyRounds(deployment, query, token);
        report(`  ${name}: p50 (ms) over ${ROUNDS} rounds`, range(figures.p50s));
        report(`  ${name}: rows read per page`, figures.rowsPerPage);
        medians.set(name, median(figures.p50s));
        continue;
      }
      const { again, first } = await firstAndAgainRounds(deployment, query, token);
      report(`  ${name}, read again: p50 (ms) over ${ROUNDS} rounds`, range(again.p50s));
      report(`  ${name}, read again: rows read per page`, again.rowsPerPage);
      report(`  ${name}, first read: p50 (ms) over ${ROUNDS} rounds`, range(first.p50s));
      report(`  ${name}, first read: rows read per page`, first.rowsPerPage);
      medians.set(`${name}, read again`, median(again.p50s));
      medians.set(`${name}, first read`, median(first.p50s));
      asksEveryCell.add(`${name}, read again`).add(`${name}, first read`);
    }
    const floor = await fanoutFloorRounds(deployment.app!.services);
    report(
      `  floor: bare mysql2, a first batch of the page of 100 from every cell: p50 (ms)`,
      range(floor.bare.p50s),
    );
    report(`  the same statements through the gateway's fan-out: p50 (ms)`, range(floor.fanout.p50s));
    report(
      `  CPU of the process per statement (µs), bare / through the fan-out`,
      `${floor.bare.cpuUs.toFixed(0)} / ${floor.fanout.cpuUs.toFixed(0)}`,
    );
    // What the cell count costs beyond the statements themselves: compare this line across cell counts.
    for (const [name, p50] of medians) {
      report(`  ${name}: median p50 above the floor's (ms)`, (p50 - median(floor.bare.p50s)).toFixed(1));
    }
    return { medians, asksEveryCell, floorMs: median(floor.bare.p50s) };
  } finally {
    await deployment.stop();
  }
}

/** Section 7: a page of 100 on one cell of 1,000 servers, then on the same cell grown to `BIG_CELL_SERVERS`. */
async function benchBigCell(): Promise<void> {
  const deployment = await startTopology({ serversPerCell: 0, hasCellsOnOneServer: true, cells: ['cell1'] });
  const db = new Kysely<CellDatabase>({
    dialect: new MysqlDialect({
      pool: createPool({
        ...connectionOptionsFromUrl(deployment.cell('cell1').urlOf('cellgate_cell1'), 5_000),
        connectionLimit: 1,
      }),
    }),
  });
  try {
    // The throwaway server's 24 MB buffer pool is for small cells.
    await sql`set global innodb_buffer_pool_size = ${sql.lit(512 * 1024 * 1024)}`.execute(db);
    await bulkInsertServers(db, { count: 1_000 });
    await sql`analyze table instances`.execute(db);
    console.log(`\none cell, page of 100: servers(allProjects, first: 100) + flavor, fault`);
    const small = await latencyRounds(deployment, PLAIN_QUERY, deployment.tokens.admin);
    report('  1,000 servers in the cell: p50 (ms)', range(small.p50s));
    const started = performance.now();
    // As on an upgrade: the rows go in under 0001's indexes, then 0002 builds its own over them in one sorted pass,
    // minutes faster than keeping 30 indexes up to date row by row.
    const migrator = new Migrator({
      db: db as unknown as Kysely<unknown>,
      provider: { getMigrations: async () => ({ ...CELL_MIGRATIONS }) },
    });
    const down = await migrator.migrateTo('0001-initial');
    if (down.error) throw down.error;
    await bulkInsertServers(db, { count: BIG_CELL_SERVERS - 1_000, from: 1_001 });
    const up = await migrator.migrateToLatest();
    if (up.error) throw up.error;
    await sql`analyze table instances`.execute(db);
    const big = await latencyRounds(deployment, PLAIN_QUERY, deployment.tokens.admin);
    report(
      `  ${BIG_CELL_SERVERS.toLocaleString('en')} servers (inserted in ${((performance.now() - started) / 1000).toFixed(0)} s): p50 (ms)`,
      range(big.p50s),
    );
    report('  big / small, median p50', (median(big.p50s) / median(small.p50s)).toFixed(2));
    report('  rows read per page, small / big', `${small.rowsPerPage} / ${big.rowsPerPage}`);
  } finally {
    await db.destroy();
    await deployment.stop();
  }
}

/**
 * The floor of any fan-out on this machine, and the gateway's fan-out of the same statement. `bare`: one mysql2
 * connection per cell and nothing else (no GraphQL, no Kysely, no deadlines), sending each cell the statement of the
 * first batch of a page of 100 in the default order, all in parallel. `fanout`: the same compiled statement through
 * what a list runs it on (`RequestFanout`: bulkhead, breaker, deadline, metrics; Kysely; the bounded pool), in
 * rounds alternating with bare ones. Each: `ROUNDS` rounds of `SAMPLES`, each round's p50, and the process's CPU
 * per statement (µs) over the rounds.
 */
async function fanoutFloorRounds(services: AppServices) {
  const cells = services.registry.cells();
  const keys = resolveSort(undefined, SERVER_SORT);
  const limit = firstBatchSize(100, cells.length - 1);
  const connections = cells.map((cell) =>
    createConnection(connectionOptionsFromUrl(cell.databaseUrl, 5_000)),
  );
  const compiled = selectInstanceList(
    new Kysely<CellDatabase>({
      dialect: new MysqlDialect({
        pool: async () => {
          throw new Error('compile only');
        },
      }),
    }),
    {
      projectId: null,
      filter: { deleted: false },
      keys,
      after: null,
      limit,
    },
  )!.compile();
  const ways = {
    bare: () =>
      Promise.all(
        connections.map(
          (connection) =>
            new Promise((resolve, reject) =>
              connection.query(compiled.sql, compiled.parameters as unknown[], (error, rows) =>
                error ? reject(error) : resolve(rows),
              ),
            ),
        ),
      ),
    fanout: async () => {
      const fanout = new RequestFanout({
        connections: services.connections,
        health: services.health,
        metrics: services.metrics,
        timeoutMs: services.config.cells.timeoutMs,
      });
      const outcomes = await fanout.scatterGather(cells, (db) => db.executeQuery(compiled));
      if (outcomes.some((outcome) => outcome.status !== 'ok')) throw new Error('A cell did not answer.');
    },
  };
  const figures = { bare: { p50s: [] as number[], cpuUs: 0 }, fanout: { p50s: [] as number[], cpuUs: 0 } };
  try {
    for (let i = 0; i < 5; i++) for (const way of Object.values(ways)) await way();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, way] of Object.entries(ways) as [keyof typeof ways, () => Promise<unknown>][]) {
        const times = [];
        const cpuBefore = process.cpuUsage();
        for (let i = 0; i < SAMPLES; i++) {
          const started = performance.now();
          await way();
          times.push(performance.now() - started);
        }
        const cpu = process.cpuUsage(cpuBefore);
        figures[name].p50s.push(median(times));
        figures[name].cpuUs += (cpu.user + cpu.system) / (ROUNDS * SAMPLES * cells.length);
      }
    }
    return figures;
  } finally {
    for (const connection of connections) connection.end();
  }
}

/**
 * `latencyRounds` of one page read again (the gateway's own `PageShapes`) and read as new (a `PageShapes` that keeps
 * no page), in alternating rounds.
 */
async function firstAndAgainRounds(deployment: Topology, query: string, token: string) {
  const services = deployment.app!.services as { pageShapes: PageShapes };
  const remembering = services.pageShapes;
  const ways = { again: remembering, first: new PageShapes(0) };
  const figures = { again: { p50s: [] as number[], rows: 0 }, first: { p50s: [] as number[], rows: 0 } };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // The order alternates too: the first of two blocks of requests runs a little slower.
      for (const way of round % 2 === 0 ? (['again', 'first'] as const) : (['first', 'again'] as const)) {
        services.pageShapes = ways[way];
        const one = await latencyRounds(deployment, query, token, 1);
        figures[way].p50s.push(one.p50s[0]!);
        figures[way].rows += Number(one.rowsPerPage) / ROUNDS;
      }
    }
  } finally {
    services.pageShapes = remembering;
  }
  const rowsPerPage = (rows: number) => (Number.isNaN(rows) ? 'n/a' : rows.toFixed(0));
  return {
    again: { p50s: figures.again.p50s, rowsPerPage: rowsPerPage(figures.again.rows) },
    first: { p50s: figures.first.p50s, rowsPerPage: rowsPerPage(figures.first.rows) },
  };
}

/** `rounds` rounds of `SAMPLES` sequential requests (after a warm-up): each round's p50, and rows read per page. */
async function latencyRounds(deployment: Topology, query: string, token: string, rounds = ROUNDS) {
  for (let i = 0; i < 5; i++) {
    const answer = await deployment.graphql(query, undefined, token);
    // A refused query answers fast: its figures would say nothing of the read path.
    if (answer.status !== 200 || answer.body.errors?.length) {
      const code = answer.body.errors?.[0]?.extensions?.['code'];
      throw new Error(`The benchmark query was refused (${String(code ?? answer.status)}): ${query}`);
    }
  }
  const p50s = [];
  const rowsBefore = await rowsRead(deployment);
  for (let round = 0; round < rounds; round++) {
    const times = [];
    for (let i = 0; i < SAMPLES; i++)
      times.push((await deployment.graphql(query, undefined, token)).elapsedMs);
    p50s.push(median(times));
  }
  const rowsAfter = await rowsRead(deployment);
  const rowsPerPage =
    rowsBefore === null || rowsAfter === null
      ? 'n/a'
      : ((rowsAfter - rowsBefore) / (rounds * SAMPLES)).toFixed(0);
  return { p50s, rowsPerPage };
}

/** The sum of `cellgate_cell_rows_read_total` over the cells, or `null` while the gateway has no such metric. */
async function rowsRead(deployment: Topology): Promise<number | null> {
  const text = await (await fetch(`${deployment.baseUrl}/metrics`)).text();
  const samples = [...text.matchAll(/^cellgate_cell_rows_read_total\{[^}]*\} (\d+(?:\.\d+)?)/gm)];
  return samples.length === 0 ? null : samples.reduce((sum, m) => sum + Number(m[1]), 0);
}

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
 *   6. Cell counts: 3, 11 and 41 cells (cell0 included) as databases on one server, 300 servers per cell, the three
 *      deployments at once and measured in turn in every round: p50, rows read and statements per page
 *      (`cellgate_cell_rows_read_total`, `cellgate_cell_queries_total`, "n/a" without them) of three queries (the
 *      same page read again and again, as a dashboard does; the two all-projects pages also as first reads), the
 *      floor (bare mysql2 to every cell) against the same statements through the gateway's fan-out (p50 and CPU per
 *      statement), and each query's median p50 above the floor's; then each query's growth from the smallest cell
 *      count, a ratio per round, against the growth it would have if the gateway's work above the floor did not
 *      grow with the cells, and if moreover the cells' servers cost nothing (bare mysql2's CPU per statement alone).
 *   7. A big cell: a page of 100 on one cell of 100,000 servers against one of 1,000, side by side.
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
import { selectCompiled } from '../src/cell-db/select-compiled.repository.js';
import { StatementCache } from '../src/cell-db/statement-cache.repository.js';
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
/**
 * Section 6 measures the cell counts in turn by blocks of this many requests (`SAMPLES` a multiple of it), each block
 * after one request not timed.
 */
const BLOCK = 5;
if (SAMPLES % BLOCK !== 0) {
  console.error(`BENCH_SAMPLES must be a multiple of ${BLOCK}, got ${SAMPLES}.`);
  process.exit(2);
}
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

/** Section 6's queries (`benchCellCounts`). */
const SECTION_6_QUERIES: readonly CellCountQuery[] = [
  {
    name: () => 'servers(allProjects, first: 100) + flavor, fault',
    query: PLAIN_QUERY,
    token: (deployment) => deployment.topology.tokens.admin,
    asksEveryCell: true,
  },
  {
    name: () => `member's default list, project in 2 cells (${SERVERS_PER_PROJECT * 2} servers)`,
    query: '{ servers { nodes { id name status created } pageInfo { hasNextPage } } }',
    token: (deployment) => deployment.tenantToken,
    asksEveryCell: false,
  },
  {
    name: (cellCount) =>
      `member's default list, project in every cell (${Math.min(1000, SERVERS_PER_PROJECT * (cellCount - 1))} servers)`,
    query: '{ servers { nodes { id name status created } pageInfo { hasNextPage } } }',
    token: (deployment) => deployment.topology.tokens.demo,
    asksEveryCell: false,
  },
  {
    name: () => 'servers(allProjects, first: 20, sort: NAME)',
    query: '{ servers(allProjects: true, first: 20, sort: [{ key: NAME }]) { nodes { id name status } } }',
    token: (deployment) => deployment.topology.tokens.admin,
    asksEveryCell: true,
  },
];

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

if (SECTIONS.has('cells')) await benchCellCounts([...CELL_COUNTS].sort((a, b) => a - b));
if (SECTIONS.has('bigcell')) await benchBigCell();
console.log(`\nmachine after the runs: ${machine()}`);

/** One of section 6's queries, at every cell count. */
interface CellCountQuery {
  readonly name: (cellCount: number) => string;
  readonly query: string;
  readonly token: (deployment: CellCountDeployment) => string;
  /** An all-projects page: asks every cell, so the floor bounds its growth; also measured as a first read. */
  readonly asksEveryCell: boolean;
}

interface CellCountDeployment {
  readonly cellCount: number;
  readonly topology: Topology;
  readonly tenantToken: string;
  /** The gateway's own memory of pages (read again), and page shapes that keep nothing (first reads). */
  readonly remembering: PageMemory;
  readonly forgetting: PageShapes;
}

/** What a gateway keeps of the pages it read. */
interface PageMemory {
  readonly pageShapes: PageShapes;
  readonly statements: StatementCache;
}

/** Per-round figures of one way of measuring one query at one cell count. */
interface WayFigures {
  readonly p50s: number[];
  rows: number;
  statements: number;
}

/**
 * Section 6: a deployment of each cell count (cell0 included) at once, 300 servers per cell, measured in turn by
 * blocks of `BLOCK` requests (each block after one request not timed; each block of a round starting one count later,
 * and an all-projects page's read again and first read in alternating order), so that the slow spells of this noisy
 * machine, which last longer than a block, slow every count alike. The growth from the smallest count is then a
 * ratio of p50s of the same round, and its range over the rounds is printed, with the growth each round's floor
 * allows.
 */
async function benchCellCounts(cellCounts: readonly number[]): Promise<void> {
  const deployments: CellCountDeployment[] = [];
  try {
    for (const cellCount of cellCounts) deployments.push(await startCellCount(cellCount));
    const figures: CellCountFigures = new Map(deployments.map((d) => [d.cellCount, new Map()]));
    const cpuPerStatement = new Map(deployments.map((d) => [d.cellCount, { bare: 0, fanout: 0 }]));
    const floors = deployments.map((d) => openFloor(d.topology.app!.services));
    try {
      for (const floor of floors) {
        for (let i = 0; i < 5; i++) await Promise.all([floor.bare(), floor.fanout()]);
      }
      for (let round = 0; round < ROUNDS; round++) {
        for (const query of SECTION_6_QUERIES) await measureQueryRound(deployments, query, round, figures);
        await measureFloorRound(deployments, floors, round, figures, cpuPerStatement);
      }
    } finally {
      for (const floor of floors) floor.close();
    }
    for (const { cellCount } of deployments) {
      reportCellCount(cellCount, figures.get(cellCount)!, cpuPerStatement.get(cellCount)!);
    }
    reportGrowth(deployments, figures, cpuPerStatement);
  } finally {
    for (const deployment of deployments) await deployment.topology.stop();
  }
}

/** Section 6's figures by cell count, then by name ("<query>, read again", "floor"…): one p50 per round. */
type CellCountFigures = Map<number, Map<string, WayFigures>>;

function figureOf(figures: CellCountFigures, cellCount: number, name: string): WayFigures {
  const byName = figures.get(cellCount)!;
  if (!byName.has(name)) byName.set(name, { p50s: [], rows: 0, statements: 0 });
  return byName.get(name)!;
}

/**
 * One round of `query` at every cell count: a p50 of `SAMPLES` requests, and rows read and statements per page, of
 * each way.
 */
async function measureQueryRound(
  deployments: readonly CellCountDeployment[],
  query: CellCountQuery,
  round: number,
  figures: CellCountFigures,
): Promise<void> {
  const ways = query.asksEveryCell ? (['read again', 'first read'] as const) : (['only'] as const);
  const nameOf = (cellCount: number, way: (typeof ways)[number]) =>
    way === 'only' ? query.name(cellCount) : `${query.name(cellCount)}, ${way}`;
  for (const deployment of deployments) for (const way of ways) await warmUp(deployment, query, way);
  const { times } = await blocksInTurn(
    deployments.map((deployment) => ways.map((way) => () => requestOnce(deployment, query, way))),
    round,
  );
  for (const [index, deployment] of deployments.entries()) {
    for (const [wayIndex, way] of ways.entries()) {
      const figure = figureOf(figures, deployment.cellCount, nameOf(deployment.cellCount, way));
      figure.p50s.push(median(times[index]![wayIndex]!));
      const cost = await costPerPage(deployment, query, way);
      figure.rows += cost.rows / ROUNDS;
      figure.statements += cost.statements / ROUNDS;
    }
  }
}

/** One round of the floor and of the same statements through the fan-out, at every cell count. */
async function measureFloorRound(
  deployments: readonly CellCountDeployment[],
  floors: readonly ReturnType<typeof openFloor>[],
  round: number,
  figures: CellCountFigures,
  cpuPerStatement: ReadonlyMap<number, { bare: number; fanout: number }>,
): Promise<void> {
  const timed = (send: () => Promise<unknown>) => async () => {
    const started = performance.now();
    await send();
    return performance.now() - started;
  };
  const { times, cpuUs } = await blocksInTurn(
    floors.map((floor) => [timed(floor.bare), timed(floor.fanout)]),
    round,
  );
  deployments.forEach(({ cellCount }, index) => {
    const [bare, fanout] = times[index]!;
    figureOf(figures, cellCount, 'floor').p50s.push(median(bare!));
    figureOf(figures, cellCount, 'through the fan-out').p50s.push(median(fanout!));
    const statements = ROUNDS * SAMPLES * floors[index]!.cellCount;
    const cpu = cpuPerStatement.get(cellCount)!;
    cpu.bare += cpuUs[index]![0]! / statements;
    cpu.fanout += cpuUs[index]![1]! / statements;
  });
}

/** Section 6's figures of one cell count. */
function reportCellCount(
  cellCount: number,
  byName: ReadonlyMap<string, WayFigures>,
  cpu: { readonly bare: number; readonly fanout: number },
): void {
  console.log(`\n${cellCount} cells as databases on one server, ${SERVERS_PER_PROJECT * 2} servers per cell`);
  const floorMs = median(byName.get('floor')!.p50s);
  const pages = [...byName].filter(([name]) => name !== 'floor' && name !== 'through the fan-out');
  for (const [name, way] of pages) {
    report(`  ${name}: p50 (ms) over ${ROUNDS} rounds`, range(way.p50s));
    const perPage = (value: number) => (Number.isNaN(value) ? 'n/a' : value.toFixed(0));
    report(`  ${name}: rows read / statements per page`, `${perPage(way.rows)} / ${perPage(way.statements)}`);
  }
  report(
    `  floor: bare mysql2, a first batch of the page of 100 from every cell: p50 (ms)`,
    range(byName.get('floor')!.p50s),
  );
  report(
    `  the same statements through the gateway's fan-out: p50 (ms)`,
    range(byName.get('through the fan-out')!.p50s),
  );
  report(
    `  CPU of the process per statement (µs), bare / through the fan-out`,
    `${cpu.bare.toFixed(0)} / ${cpu.fanout.toFixed(0)}`,
  );
  // What the cell count costs beyond the statements themselves: compare this line across cell counts.
  for (const [name, way] of pages) {
    report(`  ${name}: median p50 above the floor's (ms)`, (median(way.p50s) - floorMs).toFixed(1));
  }
}

/**
 * How sections 6 and 7 measure: `groups` (one per deployment, each with its ways of measuring, every call answering
 * its own time in ms) in turn by blocks of `BLOCK` timed calls, each block after one call not timed; each block of
 * a round starts one group later and runs the group's ways in alternating order. By group and way: the `SAMPLES`
 * times of the round, and the process's CPU (µs) over them.
 */
async function blocksInTurn(groups: readonly (readonly (() => Promise<number>)[])[], round: number) {
  const times = groups.map((ways) => ways.map(() => [] as number[]));
  const cpuUs = groups.map((ways) => ways.map(() => 0));
  for (let block = 0; block < SAMPLES / BLOCK; block++) {
    for (const group of turn([...groups.keys()], block + round)) {
      const ways = [...groups[group]!.keys()];
      for (const way of block % 2 === 0 ? ways : ways.reverse()) {
        const call = groups[group]![way]!;
        await call();
        const cpuBefore = process.cpuUsage();
        for (let i = 0; i < BLOCK; i++) times[group]![way]!.push(await call());
        const cpu = process.cpuUsage(cpuBefore);
        cpuUs[group]![way]! += cpu.user + cpu.system;
      }
    }
  }
  return { times, cpuUs };
}

/** `items` rotated left by `by`: the order of the deployments in one block. */
function turn<T>(items: readonly T[], by: number): T[] {
  return items.map((_, i) => items[(i + by) % items.length]!);
}

/**
 * What the gateway keeps of the pages it read, for `way`: its own `PageShapes` and `StatementCache`, or for a first
 * read none of it, as a gateway that never read the page (no shape; an empty statement cache for each request, so
 * the request compiles its statements once, as a first read does).
 */
function useMemory(deployment: CellCountDeployment, way: string): void {
  const services = deployment.topology.app!.services as {
    pageShapes: PageShapes;
    statements: StatementCache;
  };
  const isFirstRead = way === 'first read';
  services.pageShapes = isFirstRead ? deployment.forgetting : deployment.remembering.pageShapes;
  services.statements = isFirstRead ? new StatementCache() : deployment.remembering.statements;
}

/** A few requests of `query` the `way` it is measured, each checked to be answered, not refused. */
async function warmUp(deployment: CellCountDeployment, query: CellCountQuery, way: string): Promise<void> {
  useMemory(deployment, way);
  for (let i = 0; i < 5; i++) {
    const answer = await deployment.topology.graphql(query.query, undefined, query.token(deployment));
    // A refused query answers fast: its figures would say nothing of the read path.
    if (answer.status !== 200 || answer.body.errors?.length) {
      const code = answer.body.errors?.[0]?.extensions?.['code'];
      throw new Error(`The benchmark query was refused (${String(code ?? answer.status)}): ${query.query}`);
    }
  }
}

/** One request of `query` the `way` it is measured: its time (ms). */
async function requestOnce(deployment: CellCountDeployment, query: CellCountQuery, way: string) {
  useMemory(deployment, way);
  return (await deployment.topology.graphql(query.query, undefined, query.token(deployment))).elapsedMs;
}

/**
 * Rows read and statements sent per page of `query` the `way` it is measured, over 5 requests apart from the timed
 * ones (`NaN` without the metrics).
 */
async function costPerPage(deployment: CellCountDeployment, query: CellCountQuery, way: string) {
  const before = await readCounters(deployment.topology);
  for (let i = 0; i < 5; i++) await requestOnce(deployment, query, way);
  const after = await readCounters(deployment.topology);
  const perPage = (name: keyof typeof after) =>
    before[name] === null || after[name] === null ? Number.NaN : (after[name] - before[name]) / 5;
  return { rows: perPage('rows'), statements: perPage('statements') };
}

/** A deployment of `cellCount` cells (cell0 included) as databases on one server, with project `tenant` seeded. */
async function startCellCount(cellCount: number): Promise<CellCountDeployment> {
  const started = performance.now();
  const topology = await startTopology({
    serversPerCell: SERVERS_PER_PROJECT,
    hasCellsOnOneServer: true,
    cells: Array.from({ length: cellCount - 1 }, (_, i) => `cell${i + 1}`),
    // The member's default list (first = MAX_LIMIT = 1000) costs 1000 × cells: over the default limit past 20 cells.
    env: { MAX_QUERY_COST: '1000000' },
  });
  const tenantToken = await seedTenantProject(topology, ['cell1', 'cell2']);
  console.log(
    `${cellCount} cells set up in ${((performance.now() - started) / 1000).toFixed(0)} s (all counts run side by side)`,
  );
  const { pageShapes, statements } = topology.app!.services;
  return {
    cellCount,
    topology,
    tenantToken,
    remembering: { pageShapes, statements },
    forgetting: new PageShapes(0),
  };
}

/**
 * Section 6's summary: per round, each query's p50 at every larger cell count over its p50 at the smallest, in the
 * same round; and for the queries that ask every cell, the growth it would have if the gateway's work above the
 * floor did not grow with the cells at all (that work at the smallest count, plus the floor at the larger one, of
 * the same round): what no gateway on this machine can beat, since the floor is the statements alone, sent bare.
 * And a third figure, what would be left if the cells' servers cost nothing (each on a machine of its own, answering
 * at once): the page at the smallest count plus, for each statement more per page, bare mysql2's own CPU per
 * statement at the larger count, which the gateway's one JavaScript thread spends one statement after another.
 */
function reportGrowth(
  deployments: readonly CellCountDeployment[],
  figures: CellCountFigures,
  cpuPerStatement: ReadonlyMap<number, { readonly bare: number }>,
): void {
  const [smallest, ...larger] = deployments.map((d) => d.cellCount);
  if (smallest === undefined || larger.length === 0) return;
  const base = figures.get(smallest)!;
  const ratios = (values: readonly number[]) =>
    `×${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)} (median ×${median(values).toFixed(2)})`;
  console.log(`
growth of p50 from ${smallest} cells, per round: measured; with the work above the floor not growing; with the
cells' servers costing nothing, only bare mysql2's CPU for each statement more`);
  for (const count of larger) {
    const byName = figures.get(count)!;
    const floors = byName.get('floor')!.p50s;
    const baseFloors = base.get('floor')!.p50s;
    for (const { name, asksEveryCell } of SECTION_6_QUERIES) {
      const names = asksEveryCell
        ? [`${name(count)}, read again`, `${name(count)}, first read`]
        : [name(count)];
      for (const at of names) {
        // A query whose page grows with the cells (project `demo`'s list) has another name at each count.
        const from = base.get(at)?.p50s;
        const to = byName.get(at)?.p50s;
        if (!from || !to) continue;
        const growth = ratios(to.map((p50, round) => p50 / from[round]!));
        if (!asksEveryCell) {
          report(`  ${at}, ${smallest} → ${count} cells`, `${growth} (asks only its project's cells)`);
          continue;
        }
        const bound = ratios(from.map((p50, round) => (p50 - baseFloors[round]! + floors[round]!) / p50));
        const moreStatements = byName.get(at)!.statements - base.get(at)!.statements;
        const clientMs = (moreStatements * cpuPerStatement.get(count)!.bare) / 1000;
        const clientBound = ratios(from.map((p50) => (p50 + clientMs) / p50));
        report(`  ${at}, ${smallest} → ${count} cells`, `${growth}; ${bound}; ${clientBound}`);
      }
    }
  }
}

/**
 * Section 7: a page of 100 on one cell of 1,000 servers and on one of `BIG_CELL_SERVERS`, two deployments side by
 * side, measured in turn by blocks of `BLOCK` requests as in section 6: the ratio of the two p50s per round.
 */
async function benchBigCell(): Promise<void> {
  const started = performance.now();
  const small = await startOneCell(1_000);
  const big = await startOneCell(BIG_CELL_SERVERS);
  try {
    console.log(
      `\none cell, page of 100: servers(allProjects, first: 100) + flavor, fault ` +
        `(set up in ${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
    const deployments = [small, big];
    const request = async (deployment: Topology) =>
      (await deployment.graphql(PLAIN_QUERY, undefined, deployment.tokens.admin)).elapsedMs;
    for (const deployment of deployments) for (let i = 0; i < 5; i++) await request(deployment);
    const p50s = deployments.map(() => [] as number[]);
    for (let round = 0; round < ROUNDS; round++) {
      const { times } = await blocksInTurn(
        deployments.map((deployment) => [() => request(deployment)]),
        round,
      );
      times.forEach(([samples], index) => p50s[index]!.push(median(samples!)));
    }
    const rows = await Promise.all(
      deployments.map(async (deployment) => {
        const before = await rowsRead(deployment);
        await request(deployment);
        const after = await rowsRead(deployment);
        return before === null || after === null ? 'n/a' : String(after - before);
      }),
    );
    report('  1,000 servers in the cell: p50 (ms)', range(p50s[0]!));
    report(`  ${BIG_CELL_SERVERS.toLocaleString('en')} servers in the cell: p50 (ms)`, range(p50s[1]!));
    report(
      '  big / small p50, per round',
      range(
        p50s[1]!.map((p50, round) => p50 / p50s[0]![round]!),
        2,
      ),
    );
    report('  rows read per page, small / big', `${rows[0]} / ${rows[1]}`);
  } finally {
    await small.stop();
    await big.stop();
  }
}

/**
 * A deployment of one cell (and cell0) with `servers` servers, all in the cell's order indexes. Past 1,000 they go
 * in as on an upgrade: under 0001's indexes, then 0002 builds its own over them in one sorted pass, minutes faster
 * than keeping 30 indexes up to date row by row.
 */
async function startOneCell(servers: number): Promise<Topology> {
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
    // The throwaway server's buffer pool is sized for the 41 small cells of section 6; the big cell needs more.
    await sql`set global innodb_buffer_pool_size = ${sql.lit(512 * 1024 * 1024)}`.execute(db);
    await bulkInsertServers(db, { count: Math.min(servers, 1_000) });
    if (servers > 1_000) {
      const migrator = new Migrator({
        db: db as unknown as Kysely<unknown>,
        provider: { getMigrations: async () => ({ ...CELL_MIGRATIONS }) },
      });
      const down = await migrator.migrateTo('0001-initial');
      if (down.error) throw down.error;
      await bulkInsertServers(db, { count: servers - 1_000, from: 1_001 });
      const up = await migrator.migrateToLatest();
      if (up.error) throw up.error;
    }
    await sql`analyze table instances`.execute(db);
    return deployment;
  } catch (error) {
    await deployment.stop();
    throw error;
  } finally {
    await db.destroy();
  }
}

/**
 * The floor of any fan-out on this machine, and the gateway's fan-out of the same statement. `bare`: one mysql2
 * connection per cell and nothing else (no GraphQL, no Kysely, no deadlines), sending each cell the statement of the
 * first batch of a page of 100 in the default order, all in parallel. `fanout`: the same compiled statement through
 * what a list runs it on (`RequestFanout`: bulkhead, breaker, deadline, metrics; Kysely; the bounded pool). Each
 * sends its statements once per call; `close` ends the bare connections.
 */
function openFloor(services: AppServices) {
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
  return {
    cellCount: cells.length,
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
      const outcomes = await fanout.scatterGather(cells, (db) => selectCompiled(db, compiled));
      if (outcomes.some((outcome) => outcome.status !== 'ok')) throw new Error('A cell did not answer.');
    },
    close: () => {
      for (const connection of connections) connection.end();
    },
  };
}

/** The sum of `cellgate_cell_rows_read_total` over the cells, or `null` while the gateway has no such metric. */
async function rowsRead(deployment: Topology): Promise<number | null> {
  return (await readCounters(deployment)).rows;
}

/**
 * The sums over the cells of `cellgate_cell_rows_read_total` (`rows`) and `cellgate_cell_queries_total`
 * (`statements`), each `null` while the gateway has no such metric.
 */
async function readCounters(deployment: Topology) {
  const text = await (await fetch(`${deployment.baseUrl}/metrics`)).text();
  const sum = (metric: string) => {
    const samples = [...text.matchAll(new RegExp(`^${metric}\\{[^}]*\\} (\\d+(?:\\.\\d+)?)`, 'gm'))];
    return samples.length === 0 ? null : samples.reduce((total, m) => total + Number(m[1]), 0);
  };
  return { rows: sum('cellgate_cell_rows_read_total'), statements: sum('cellgate_cell_queries_total') };
}

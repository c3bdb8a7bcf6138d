import { CompiledQuery, Kysely, Migrator, MysqlDialect, sql } from 'kysely';
import { createPool } from 'mysql2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CELL_MIGRATIONS, migrateToLatest } from '../../cells/migrate.js';
import type { CellDatabase } from '../../src/cell-db/cell-database.js';
import {
  selectInstanceList,
  type InstanceFilter,
  type InstanceListQuery,
} from '../../src/cell-db/instance.repository.js';
import { connectionOptionsFromUrl } from '../../src/database/connection-url.js';
import { createDatabaseIfAbsent } from '../../src/database/create-database.js';
import { SERVER_SORT, type ServerSortKey } from '../../src/listing/list-servers.js';
import { resolveSort, type SortRequest } from '../../src/listing/sort-spec.js';
import type { SortValue } from '../../src/util/compare-values.js';
import { bulkInsertServers } from '../support/bulk-servers.js';
import { startMariaDb, type MariaDbServer } from '../support/mariadb-server.js';

const SERVERS = 100_000;
const PROJECTS = 50;
const PAGE = 101;
const MARKER_DEPTH = 900;
/**
 * Orders that 10.11's optimizer reads after a marker of every project by `ref` on `deleted = 0` from the newest
 * row, backward, past the rows before the marker: it costs that walk as the range from the marker (they cover the
 * same rows) and keeps the `ref`. Neither a descending index nor a redundant bound on the first key changed its
 * choice. A member's list (`project_id = ?`) seeks.
 */
const WALKS_FROM_START = ['the default order', 'ID DESC'];

/** One line of MariaDB's `ANALYZE <statement>`: the plan of `EXPLAIN` plus the rows really read (`r_rows`). */
interface PlanRow {
  readonly table: string | null;
  readonly type: string | null;
  readonly key: string | null;
  readonly r_rows: number | string | null;
  readonly Extra: string | null;
}

/**
 * The plans of the server list's real SQL (the repository's statement, compiled by Kysely) on one cell of
 * 100,000 servers: every order and every equality filter reads an index in order, only about its batch.
 */
describe('indexes of the server list on a cell of 100,000 servers', () => {
  let server: MariaDbServer;
  let db: Kysely<CellDatabase>;

  beforeAll(async () => {
    server = await startMariaDb();
    const url = server.urlOf('cell_big');
    await createDatabaseIfAbsent(url);
    db = new Kysely<CellDatabase>({
      dialect: new MysqlDialect({
        pool: createPool({ ...connectionOptionsFromUrl(url, 5_000), connectionLimit: 2 }),
      }),
    });
    // The throwaway server's 24 MB buffer pool is for small cells; this one holds 100,000 rows and 30 indexes.
    await sql`set global innodb_buffer_pool_size = ${sql.lit(256 * 1024 * 1024)}`.execute(db);
    // The rows go in under 0001's indexes, then 0002 builds its own over them (sorted, as on an upgrade).
    const migrator = new Migrator({
      db: db as unknown as Kysely<unknown>,
      provider: { getMigrations: async () => ({ ...CELL_MIGRATIONS }) },
    });
    const first = await migrator.migrateTo('0001-initial');
    if (first.error) throw first.error;
    await bulkInsertServers(db, { count: SERVERS, projects: PROJECTS });
    await migrateToLatest(db as unknown as Kysely<unknown>, 'cell');
    await sql`analyze table instances`.execute(db);
  }, 120_000);

  afterAll(async () => {
    await db?.destroy();
    await server?.stop();
  });

  const sorts: [string, SortRequest<ServerSortKey>[] | null][] = [
    ['the default order', null],
    ...(Object.keys(SERVER_SORT.columns) as ServerSortKey[]).flatMap((key) =>
      (['ASC', 'DESC'] as const).map((direction): [string, SortRequest<ServerSortKey>[]] => [
        `${key} ${direction}`,
        [{ key, direction }],
      ]),
    ),
  ];
  const scopes = [
    ['every project', null],
    ['one project', 'project-7'],
  ] as const;

  for (const [scopeName, projectId] of scopes) {
    for (const [sortName, sort] of sorts) {
      for (const withMarker of [false, true]) {
        it(`reads ${sortName} of ${scopeName} ${withMarker ? 'after a marker' : 'from the start'} in index order`, async () => {
          const keys = resolveSort(sort, SERVER_SORT);
          const base: InstanceListQuery = {
            projectId,
            filter: { deleted: false },
            keys,
            after: null,
            limit: PAGE,
          };
          const query = withMarker ? { ...base, after: await markerAfter(db, base) } : base;

          const plan = await analyze(db, query);

          // A batch plus the rows skipped at the marker; see WALKS_FROM_START for the orders MariaDB reads otherwise.
          const walksFromStart = withMarker && projectId === null && WALKS_FROM_START.includes(sortName);
          expectIndexRead(plan, walksFromStart ? MARKER_DEPTH + PAGE + 10 : PAGE + 10);
        });
      }
    }
  }

  const filters: [string, Omit<InstanceFilter, 'deleted'>][] = [
    ['status', { vmStates: ['error'] }],
    ['userId', { userId: 'user-3' }],
    ['host', { host: 'host-12' }],
    ['availabilityZone', { availabilityZone: 'az-2' }],
    ['flavor', { flavorName: 'm1.large' }],
  ];
  for (const [filterName, filter] of filters) {
    for (const withMarker of [false, true]) {
      it(`reads the ${filterName} filter in the default order ${withMarker ? 'after a marker' : 'from the start'} in index order`, async () => {
        const keys = resolveSort(null, SERVER_SORT);
        const base: InstanceListQuery = {
          projectId: null,
          filter: { ...filter, deleted: false },
          keys,
          after: null,
          limit: PAGE,
        };
        const query = withMarker ? { ...base, after: await markerAfter(db, base) } : base;

        const plan = await analyze(db, query);

        // MariaDB may walk the order's index and test the filter when the value is frequent (1 row in 3 to 5
        // here): a few batches' worth, never the cell.
        expectIndexRead(plan, 10 * (MARKER_DEPTH + PAGE));
      });
    }
  }

  it('reads the image filter (an id or a name) through indexes, not by a full scan', async () => {
    const keys = resolveSort(null, SERVER_SORT);
    const plan = await analyze(db, {
      projectId: null,
      filter: { image: 'cirros', deleted: false },
      keys,
      after: null,
      limit: PAGE,
    });

    expect(plan).toHaveLength(1);
    expect(plan[0]!.type).not.toMatch(/^(ALL|index)$/);
    expect(plan[0]!.key).not.toBeNull();
  });
});

/**
 * One table read through an index (`ref` or `range`, never `ALL` or a full `index` scan), no filesort, and at most
 * `maxRowsRead` rows really read (ANALYZE's `r_rows`).
 */
function expectIndexRead(plan: readonly PlanRow[], maxRowsRead: number): void {
  expect(plan).toHaveLength(1);
  const [row] = plan;
  expect({ type: row!.type, usesFilesort: /filesort/i.test(row!.Extra ?? '') }).toEqual({
    type: expect.stringMatching(/^(ref|range)$/) as unknown,
    usesFilesort: false,
  });
  expect(row!.key).not.toBeNull();
  expect(Number(row!.r_rows)).toBeLessThanOrEqual(maxRowsRead);
}

/** Runs MariaDB's `ANALYZE` (the plan, executed) over the statement the repository would run. */
async function analyze(db: Kysely<CellDatabase>, query: InstanceListQuery): Promise<PlanRow[]> {
  const select = selectInstanceList(db, query);
  if (select === null) throw new Error('The query has no statement.');
  const compiled = select.compile();
  const result = await db.executeQuery<PlanRow>(
    CompiledQuery.raw(`ANALYZE ${compiled.sql}`, [...compiled.parameters]),
  );
  return result.rows;
}

/**
 * The sort values of a row deep in the list (the 900th: a project here has about 1,900 live servers), as
 * `resolveMappedMarker` reads them from a marker's row. Deep, so that a plan that walks the index from its start
 * instead of seeking to the marker reads hundreds of rows more than a batch.
 */
async function markerAfter(db: Kysely<CellDatabase>, query: InstanceListQuery): Promise<SortValue[]> {
  const row = await selectInstanceList(db, { ...query, limit: 1 })!
    .offset(MARKER_DEPTH)
    .executeTakeFirst();
  if (!row) throw new Error(`The list has fewer than ${MARKER_DEPTH + 1} rows.`);
  return query.keys.map((key) => (row as unknown as Record<string, SortValue>)[key.column] ?? null);
}

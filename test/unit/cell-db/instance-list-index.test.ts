import { Kysely, MysqlDialect } from 'kysely';
import { describe, expect, it } from 'vitest';

import type { CellDatabase } from '../../../src/cell-db/cell-database.js';
import { selectInstanceList, type InstanceFilter } from '../../../src/cell-db/instance.repository.js';
import { SERVER_SORT, type ServerSortKey } from '../../../src/listing/list-servers.js';
import { resolveSort, type SortRequest } from '../../../src/listing/sort-spec.js';

/** A Kysely that compiles MySQL and never connects. */
const db = new Kysely<CellDatabase>({
  dialect: new MysqlDialect({
    pool: async () => {
      throw new Error('This test only compiles statements.');
    },
  }),
});

/** The SQL of a server list's statement. */
function listSql(
  sort: SortRequest<ServerSortKey>[] | null,
  filter: InstanceFilter = { deleted: false },
  projectId: string | null = null,
): string {
  const select = selectInstanceList(db, {
    projectId,
    filter,
    keys: resolveSort(sort, SERVER_SORT),
    after: null,
    limit: 5,
  });
  if (select === null) throw new Error('The list has no statement.');
  return select.compile().sql;
}

/** The index a statement forces, or `null`. */
const forcedIndexOf = (statement: string) => /FORCE INDEX \(`([^`]+)`\)/.exec(statement)?.[1] ?? null;

// The plans these indexes give, on a cell of 100,000 servers: test/integration/instance-order-indexes.test.ts.
describe('the index a server list forces', () => {
  it('is the order index of live rows for the default order, read through the hint in FROM', () => {
    const statement = listSql(null);

    expect(statement).toMatch(
      /^select \* from `instances` FORCE INDEX \(`instances_deleted_created`\) where/,
    );
  });

  it('follows the order and the scope: one index per key and per mix of directions', () => {
    expect({
      nameDesc: forcedIndexOf(listSql([{ key: 'NAME', direction: 'DESC' }])),
      nameAsc: forcedIndexOf(listSql([{ key: 'NAME', direction: 'ASC' }])),
      createdAsc: forcedIndexOf(listSql([{ key: 'CREATED_AT', direction: 'ASC' }])),
      idDesc: forcedIndexOf(listSql([{ key: 'ID', direction: 'DESC' }])),
      projectDefault: forcedIndexOf(listSql(null, { deleted: false }, 'demo')),
      projectStatusAsc: forcedIndexOf(
        listSql([{ key: 'STATUS', direction: 'ASC' }], { deleted: false }, 'demo'),
      ),
    }).toEqual({
      // An explicit sort ends with `uuid ASC`: NAME DESC is a mixed order, NAME ASC is not.
      nameDesc: 'instances_live_name_desc',
      nameAsc: 'instances_live_name_asc',
      createdAsc: 'instances_deleted_created',
      idDesc: 'instances_live_uuid',
      projectDefault: 'instances_project_deleted_created',
      projectStatusAsc: 'instances_project_state_asc',
    });
  });

  it('is left to the optimizer for filters, deleted rows and sorts of two keys', () => {
    expect({
      host: forcedIndexOf(listSql(null, { deleted: false, host: 'host-1' })),
      deleted: forcedIndexOf(listSql(null, { deleted: true })),
      changesSince: forcedIndexOf(listSql(null, { deleted: undefined, changesSince: new Date(0) })),
      twoKeys: forcedIndexOf(
        listSql([
          { key: 'STATUS', direction: 'ASC' },
          { key: 'NAME', direction: 'ASC' },
        ]),
      ),
    }).toEqual({ host: null, deleted: null, changesSince: null, twoKeys: null });
  });
});

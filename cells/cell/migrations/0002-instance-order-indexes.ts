import type { Kysely } from 'kysely';

/**
 * One index per order and per filter of the server list, so that a cell reads only its batch after a marker
 * (no filesort, no full scan), for an admin's list of every project (`deleted = 0 …`) and for a member's list of one
 * project (`project_id = ?, deleted = 0 …`).
 *
 * An explicit sort ends with `uuid ASC` (Nova's tie-breaker), so `NAME DESC` orders by `display_name DESC, uuid
 * ASC`: each sort key needs one index per direction of its own (`k ASC, uuid` read forward or backward serves
 * `k ASC, uuid ASC` and `k DESC, uuid DESC`; `k DESC, uuid` serves the two mixed orders). The default order
 * (`created_at DESC, uuid DESC`) and `CREATED_AT ASC` are served by the indexes of 0001. A filter by equality is
 * served in the default order by an index that starts with its column. Not indexable: the name filter (a
 * substring) and `changesSince` (over `COALESCE(updated_at, created_at)`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const index of ORDER_INDEXES) {
    await db.schema.createIndex(index.name).on('instances').columns(index.columns).execute();
  }
  // 0001's (host, deleted) is a prefix of the filter index that replaces it.
  await db.schema.dropIndex('instances_host').on('instances').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('instances_host').on('instances').columns(['host', 'deleted']).execute();
  for (const index of ORDER_INDEXES) await db.schema.dropIndex(index.name).on('instances').execute();
}

/** The sort columns of `SERVER_SORT` other than the id, with the short name each index carries. */
const SORT_COLUMNS = [
  ['created_at', 'created'],
  ['updated_at', 'updated'],
  ['display_name', 'name'],
  ['vm_state', 'state'],
  ['availability_zone', 'az'],
] as const;

/** Columns of the equality filters of `listInstanceRows`. */
const FILTER_COLUMNS = [
  ['vm_state', 'state'],
  ['user_id', 'user'],
  ['host', 'host'],
  ['availability_zone', 'az'],
  ['flavor_name', 'flavor'],
  ['image_ref', 'image_ref'],
  ['image_name', 'image_name'],
] as const;

const ORDER_INDEXES: readonly { readonly name: string; readonly columns: string[] }[] = [
  ...SORT_COLUMNS.flatMap(([column, short]) =>
    (['asc', 'desc'] as const)
      // 0001's (deleted, created_at, uuid) and (project_id, deleted, created_at, uuid) are the ascending ones.
      .filter((direction) => column !== 'created_at' || direction === 'desc')
      .flatMap((direction) => [
        {
          name: `instances_live_${short}_${direction}`,
          columns: ['deleted', `${column} ${direction}`, 'uuid'],
        },
        {
          name: `instances_project_${short}_${direction}`,
          columns: ['project_id', 'deleted', `${column} ${direction}`, 'uuid'],
        },
      ]),
  ),
  { name: 'instances_live_uuid', columns: ['deleted', 'uuid'] },
  { name: 'instances_project_uuid', columns: ['project_id', 'deleted', 'uuid'] },
  ...FILTER_COLUMNS.map(([column, short]) => ({
    name: `instances_by_${short}`,
    columns: [column, 'deleted', 'created_at', 'uuid'],
  })),
];

import type { Kysely, Selectable } from 'kysely';

import { afterPredicate, predicateToSql, type SortKey } from '../database/keyset.js';
import type { FlavorSnapshot } from '../registry/request-spec.js';
import { parseJsonColumn } from '../database/column-types.js';
import type { SortValue } from '../util/compare-values.js';
import type { CellDatabase, InstancesTable } from './cell-database.js';
import { forceIndex } from './force-index.repository.js';
import type { Server } from './server.js';
import { powerStateName, serverStatus } from './server-status.js';

/** A row of `instances`. */
export type InstanceRow = Selectable<InstancesTable>;

/** Filters of an instance list, already translated to columns. */
export interface InstanceFilter {
  /** Substring of the name, case-insensitive. */
  readonly name?: string | undefined;
  readonly vmStates?: readonly string[] | undefined;
  readonly userId?: string | undefined;
  readonly host?: string | undefined;
  readonly availabilityZone?: string | undefined;
  readonly flavorName?: string | undefined;
  /** Image id or name. */
  readonly image?: string | undefined;
  readonly changesSince?: Date | undefined;
  /** `true`: only deleted rows; `false`: only live rows; `undefined`: both (Nova's `changes-since`). */
  readonly deleted: boolean | undefined;
}

/** One cell's part of a server list. */
export interface InstanceListQuery {
  /** `null`: every project. */
  readonly projectId: string | null;
  readonly filter: InstanceFilter;
  readonly keys: readonly SortKey[];
  /** Sort values of the marker, one per key; rows strictly after it are listed. */
  readonly after: readonly SortValue[] | null;
  readonly limit: number;
}

/** Lists instances of one cell: filters, keyset seek after the marker, order, limit; one statement. */
export async function listInstanceRows(
  db: Kysely<CellDatabase>,
  query: InstanceListQuery,
): Promise<InstanceRow[]> {
  const select = selectInstanceList(db, query);
  return select === null ? [] : select.execute();
}

/**
 * The statement `listInstanceRows` runs, not yet executed, or `null` when nothing can match (an empty status
 * list). Exported so that a test can compile it and `EXPLAIN` the very SQL of the list (the indexes of
 * `cells/cell/migrations/0002-instance-order-indexes.ts`).
 */
export function selectInstanceList(db: Kysely<CellDatabase>, query: InstanceListQuery) {
  const { filter } = query;
  let select = db.selectFrom('instances').selectAll();
  if (filter.deleted !== undefined) {
    select = filter.deleted ? select.where('deleted', '!=', 0) : select.where('deleted', '=', 0);
  }
  if (query.projectId !== null) select = select.where('project_id', '=', query.projectId);
  if (filter.name !== undefined) {
    select = select.where((eb) =>
      eb(eb.fn('lower', ['display_name']), 'like', `%${escapeLike(filter.name!.toLowerCase())}%`),
    );
  }
  if (filter.vmStates !== undefined) {
    if (filter.vmStates.length === 0) return null;
    select = select.where('vm_state', 'in', [...filter.vmStates]);
  }
  if (filter.userId !== undefined) select = select.where('user_id', '=', filter.userId);
  if (filter.host !== undefined) select = select.where('host', '=', filter.host);
  if (filter.availabilityZone !== undefined)
    select = select.where('availability_zone', '=', filter.availabilityZone);
  if (filter.flavorName !== undefined) select = select.where('flavor_name', '=', filter.flavorName);
  if (filter.image !== undefined) {
    const image = filter.image;
    select = select.where((eb) => eb.or([eb('image_ref', '=', image), eb('image_name', '=', image)]));
  }
  if (filter.changesSince !== undefined) {
    const since = filter.changesSince;
    select = select.where((eb) => eb(eb.fn.coalesce('updated_at', 'created_at'), '>=', since));
  }
  if (query.after !== null) select = select.where(predicateToSql(afterPredicate(query.keys, query.after)));
  for (const key of query.keys) {
    select = select.orderBy(key.column as keyof InstanceRow & string, key.direction);
  }
  const index = orderIndexOf(query);
  return index
    ? select.limit(query.limit).withPlugin(forceIndex('instances', index))
    : select.limit(query.limit);
}

/**
 * Short names of the sort columns in the names of the order indexes
 * (`cells/cell/migrations/0002-instance-order-indexes.ts`); `created_at`'s ascending ones are 0001's.
 */
const ORDER_INDEX_COLUMNS: Readonly<Record<string, string>> = {
  updated_at: 'updated',
  display_name: 'name',
  vm_state: 'state',
  availability_zone: 'az',
};

/**
 * The index built for a list's order, when the list filters only live rows (and maybe one project): its sort is
 * the id alone or one key and the id. Other lists (the equality filters, with their own indexes; deleted rows; a
 * sort of two keys) leave the choice to the optimizer.
 *
 * Why: a cell's `instances` has about 40 indexes, a dozen of which start with `deleted` (or `project_id,
 * deleted`), and the optimizer estimates each of them for `deleted = 0` before it reads a batch of a few rows.
 * Forcing the one index cut the first round of a page over 40 cells on one MariaDB server from 2.7 to 1.9 ms; the
 * optimizer's own choice is the same index (the indexes test checks every order's plan, with the hint).
 *
 * An index `k ASC, uuid` serves `k ASC, uuid ASC` and, read backward, `k DESC, uuid DESC`; `k DESC, uuid` serves
 * the two mixed orders.
 */
function orderIndexOf(query: InstanceListQuery): string | null {
  const { filter, keys } = query;
  const hasOtherFilters = Object.entries(filter).some(
    ([name, value]) => name !== 'deleted' && value !== undefined,
  );
  if (filter.deleted !== false || hasOtherFilters) return null;
  const scope = query.projectId === null ? 'live' : 'project';
  const [first, id, ...more] = keys;
  if (!first || more.length > 0) return null;
  if (!id) return first.column === 'uuid' ? `instances_${scope}_uuid` : null;
  if (id.column !== 'uuid') return null;
  const isMixed = first.direction !== id.direction;
  if (first.column === 'created_at') {
    if (isMixed) return `instances_${scope}_created_desc`;
    return query.projectId === null ? 'instances_deleted_created' : 'instances_project_deleted_created';
  }
  const short = ORDER_INDEX_COLUMNS[first.column];
  return short === undefined ? null : `instances_${scope}_${short}_${isMixed ? 'desc' : 'asc'}`;
}

/** One instance by uuid, deleted rows included (markers and shows of deleted servers need them). */
export async function findInstanceRow(
  db: Kysely<CellDatabase>,
  uuid: string,
): Promise<InstanceRow | undefined> {
  return db.selectFrom('instances').selectAll().where('uuid', '=', uuid).executeTakeFirst();
}

/** Inserts a new server row; it is not yet mapped (`is_mapped = false`) until its API write succeeds. */
export async function insertInstanceRow(
  db: Kysely<CellDatabase>,
  row: Omit<InstanceRow, 'id'>,
): Promise<void> {
  await db
    .insertInto('instances')
    .values({ ...row, is_mapped: false })
    .execute();
}

/** One instance by uuid, locked `FOR UPDATE` until the caller's transaction ends. */
export async function lockInstanceRow(
  trx: Kysely<CellDatabase>,
  uuid: string,
): Promise<InstanceRow | undefined> {
  return trx.selectFrom('instances').selectAll().where('uuid', '=', uuid).forUpdate().executeTakeFirst();
}

/** Nova's `vm_state`, `task_state` and `power_state` of a server that changes state. */
export interface InstanceStateChange {
  readonly vmState?: string;
  readonly taskState?: string | null;
  /** Nova's power state number: `0` NOSTATE, `1` RUNNING. */
  readonly powerState?: number;
}

/** Sets the states of a server (and `updated_at`). */
export async function updateInstanceState(
  db: Kysely<CellDatabase>,
  uuid: string,
  change: InstanceStateChange,
  now: Date,
): Promise<void> {
  await db
    .updateTable('instances')
    .set({
      ...(change.vmState === undefined ? {} : { vm_state: change.vmState }),
      ...(change.taskState === undefined ? {} : { task_state: change.taskState }),
      ...(change.powerState === undefined ? {} : { power_state: change.powerState }),
      updated_at: now,
    })
    .where('uuid', '=', uuid)
    .execute();
}

/** Soft-deletes a live server as Nova does: `deleted = id`, `vm_state` deleted, NOSTATE. */
export async function softDeleteInstance(db: Kysely<CellDatabase>, uuid: string, now: Date): Promise<void> {
  await db
    .updateTable('instances')
    .set((eb) => ({
      deleted: eb.ref('id'),
      deleted_at: now,
      vm_state: 'deleted',
      task_state: null,
      power_state: 0,
      updated_at: now,
    }))
    .where('uuid', '=', uuid)
    .where('deleted', '=', 0)
    .execute();
}

/** Servers still without a mapping (`is_mapped = false`) created before `createdBefore`, at most `limit`. */
export async function listUnmappedInstanceRows(
  db: Kysely<CellDatabase>,
  createdBefore: Date,
  limit: number,
): Promise<InstanceRow[]> {
  return db
    .selectFrom('instances')
    .selectAll()
    .where('is_mapped', '=', 0)
    .where('created_at', '<', createdBefore)
    .limit(limit)
    .execute();
}

/** The server that `row` of `cellUuid` describes. */
export function instanceRowToServer(row: InstanceRow, cellUuid: string): Server {
  return {
    id: row.uuid,
    name: row.display_name,
    status: serverStatus(row.vm_state, row.task_state, row.deleted !== 0),
    projectId: row.project_id,
    userId: row.user_id,
    created: row.created_at,
    updated: row.updated_at,
    flavor: parseJsonColumn<FlavorSnapshot | null>(row.flavor, null),
    image: row.image_ref ? { id: row.image_ref, name: row.image_name } : null,
    availabilityZone: row.availability_zone,
    powerState: powerStateName(row.power_state),
    host: row.host,
    serverGroups: parseJsonColumn<string[]>(row.server_groups, []),
    metadata: parseJsonColumn<Record<string, unknown>>(row.metadata, {}),
    cellUuid,
    isConstruct: false,
  };
}

/** Escapes `%`, `_` and `\` for a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

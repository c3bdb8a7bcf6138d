import type { Kysely, Selectable } from 'kysely';

import { parseJsonColumn } from '../database/column-types.js';
import { afterPredicate, predicateToSql, type SortKey } from '../database/keyset.js';
import type { SortValue } from '../util/compare-values.js';
import type { CellDatabase, SharesTable } from './cell-database.js';
import { escapeLike } from './instance.repository.js';
import type { Share, ShareStatus } from './share.js';

/** A row of `shares`. */
export type ShareRow = Selectable<SharesTable>;

/** Filters of a share list, translated to columns. */
export interface ShareFilter {
  readonly name?: string | undefined;
  readonly status?: string | undefined;
  /** Share type id or name. */
  readonly shareType?: string | undefined;
  readonly shareNetworkId?: string | undefined;
  readonly host?: string | undefined;
  readonly availabilityZone?: string | undefined;
  readonly shareProto?: string | undefined;
}

/** One cell's part of a share list. */
export interface ShareListQuery {
  readonly projectId: string | null;
  readonly filter: ShareFilter;
  readonly keys: readonly SortKey[];
  readonly after: readonly SortValue[] | null;
  readonly limit: number;
}

/**
 * Lists live shares of one cell: filters, keyset seek after the marker, order, limit; one statement.
 *
 * Not executed: a list compiles it once for all the cells asked the same batch (`compiled-once.repository.ts`).
 */
export function selectShareList(db: Kysely<CellDatabase>, query: ShareListQuery) {
  const { filter } = query;
  let select = db.selectFrom('shares').selectAll().where('deleted', '=', 0);
  if (query.projectId !== null) select = select.where('project_id', '=', query.projectId);
  if (filter.name !== undefined) {
    select = select.where((eb) =>
      eb(eb.fn('lower', ['name']), 'like', `%${escapeLike(filter.name!.toLowerCase())}%`),
    );
  }
  if (filter.status !== undefined) select = select.where('status', '=', filter.status);
  if (filter.shareType !== undefined) {
    const type = filter.shareType;
    select = select.where((eb) => eb.or([eb('share_type_id', '=', type), eb('share_type_name', '=', type)]));
  }
  if (filter.shareNetworkId !== undefined)
    select = select.where('share_network_id', '=', filter.shareNetworkId);
  if (filter.host !== undefined) select = select.where('host', '=', filter.host);
  if (filter.availabilityZone !== undefined)
    select = select.where('availability_zone', '=', filter.availabilityZone);
  if (filter.shareProto !== undefined)
    select = select.where('share_proto', '=', filter.shareProto.toUpperCase());
  if (query.after !== null) select = select.where(predicateToSql(afterPredicate(query.keys, query.after)));
  for (const key of query.keys) select = select.orderBy(key.column as keyof ShareRow & string, key.direction);
  return select.limit(query.limit);
}

/** One share by uuid, deleted rows included. */
export async function findShareRow(db: Kysely<CellDatabase>, uuid: string): Promise<ShareRow | undefined> {
  return db.selectFrom('shares').selectAll().where('uuid', '=', uuid).executeTakeFirst();
}

/** Inserts a new share row; it is not yet mapped (`is_mapped = false`) until its API write succeeds. */
export async function insertShareRow(db: Kysely<CellDatabase>, row: Omit<ShareRow, 'id'>): Promise<void> {
  await db
    .insertInto('shares')
    .values({
      ...row,
      is_mapped: false,
      is_public: row.is_public !== 0,
      snapshot_support: toBoolean(row.snapshot_support),
      create_share_from_snapshot_support: toBoolean(row.create_share_from_snapshot_support),
    })
    .execute();
}

/** The status of each of `uuids` that this cell holds, deleted rows included. */
export async function listShareStates(
  db: Kysely<CellDatabase>,
  uuids: readonly string[],
): Promise<Pick<ShareRow, 'uuid' | 'status' | 'deleted'>[]> {
  if (uuids.length === 0) return [];
  return db
    .selectFrom('shares')
    .select(['uuid', 'status', 'deleted'])
    .where('uuid', 'in', [...uuids])
    .execute();
}

/** The live shares of a backend that ensure shares works on (AVAILABLE, or ENSURING from a run that died). */
export async function listEnsurableShareRows(
  db: Kysely<CellDatabase>,
  backendHost: string,
): Promise<Pick<ShareRow, 'uuid' | 'share_proto' | 'project_id'>[]> {
  return db
    .selectFrom('shares')
    .select(['uuid', 'share_proto', 'project_id'])
    .where('host', '=', backendHost)
    .where('deleted', '=', 0)
    .where('status', 'in', ['AVAILABLE', 'ENSURING'])
    .execute();
}

/** A share's new status and, when given, where it now lives and how it is exported. */
export interface ShareStateChange {
  readonly status: ShareStatus;
  readonly host?: string;
  readonly availabilityZone?: string | null;
  readonly exportLocations?: readonly string[];
}

/** Sets the status (and placement or export locations, when given) of one share. */
export async function updateShareState(
  db: Kysely<CellDatabase>,
  uuid: string,
  change: ShareStateChange,
  now: Date,
): Promise<void> {
  await db
    .updateTable('shares')
    .set({
      status: change.status,
      ...(change.host === undefined ? {} : { host: change.host }),
      ...(change.availabilityZone === undefined ? {} : { availability_zone: change.availabilityZone }),
      ...(change.exportLocations === undefined
        ? {}
        : { export_locations: JSON.stringify(change.exportLocations) }),
      updated_at: now,
    })
    .where('uuid', '=', uuid)
    .execute();
}

/**
 * Sets `status` on each of `uuids`, only where the share is in one of `fromStatuses` (every share when absent);
 * resolves to the number of shares changed.
 */
export async function updateSharesStatus(
  db: Kysely<CellDatabase>,
  uuids: readonly string[],
  status: ShareStatus,
  now: Date,
  fromStatuses?: readonly string[],
): Promise<number> {
  if (uuids.length === 0) return 0;
  let update = db
    .updateTable('shares')
    .set({ status, updated_at: now })
    .where('uuid', 'in', [...uuids]);
  if (fromStatuses !== undefined) update = update.where('status', 'in', [...fromStatuses]);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Soft-deletes a live share: `deleted = id`, status DELETED. */
export async function softDeleteShare(db: Kysely<CellDatabase>, uuid: string, now: Date): Promise<void> {
  await db
    .updateTable('shares')
    .set((eb) => ({ deleted: eb.ref('id'), deleted_at: now, status: 'DELETED', updated_at: now }))
    .where('uuid', '=', uuid)
    .where('deleted', '=', 0)
    .execute();
}

/** Shares still without a mapping (`is_mapped = false`) created before `createdBefore`, at most `limit`. */
export async function listUnmappedShareRows(
  db: Kysely<CellDatabase>,
  createdBefore: Date,
  limit: number,
): Promise<ShareRow[]> {
  return db
    .selectFrom('shares')
    .selectAll()
    .where('is_mapped', '=', 0)
    .where('created_at', '<', createdBefore)
    .limit(limit)
    .execute();
}

/** The share that `row` of `cellUuid` describes. */
export function shareRowToShare(row: ShareRow, cellUuid: string): Share {
  return {
    id: row.uuid,
    name: row.name,
    description: row.description,
    size: row.size,
    shareProto: row.share_proto,
    status: row.status as ShareStatus,
    shareTypeId: row.share_type_id,
    shareNetworkId: row.share_network_id,
    availabilityZone: row.availability_zone,
    host: row.host,
    isPublic: row.is_public !== 0,
    exportLocations: parseJsonColumn<string[]>(row.export_locations, []),
    snapshotSupport: row.snapshot_support === null ? null : row.snapshot_support !== 0,
    createShareFromSnapshotSupport:
      row.create_share_from_snapshot_support === null ? null : row.create_share_from_snapshot_support !== 0,
    projectId: row.project_id,
    userId: row.user_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    cellUuid,
    isConstruct: false,
  };
}

function toBoolean(value: number | null): boolean | null {
  return value === null ? null : value === 1;
}

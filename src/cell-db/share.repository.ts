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

/** Lists live shares of one cell: filters, keyset seek after the marker, order, limit; one statement. */
export async function listShareRows(db: Kysely<CellDatabase>, query: ShareListQuery): Promise<ShareRow[]> {
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
  return select.limit(query.limit).execute();
}

/** One share by uuid, deleted rows included. */
export async function findShareRow(db: Kysely<CellDatabase>, uuid: string): Promise<ShareRow | undefined> {
  return db.selectFrom('shares').selectAll().where('uuid', '=', uuid).executeTakeFirst();
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

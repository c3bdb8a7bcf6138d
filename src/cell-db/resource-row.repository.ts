import type { Kysely } from 'kysely';

import { parseJsonColumn } from '../database/column-types.js';
import type { FlavorSnapshot, RequestSpec } from '../registry/request-spec.js';
import type { ResourceKind } from '../resource/resource-kind.js';
import { assertNever } from '../util/assert-never.js';
import type { CellDatabase } from './cell-database.js';
import { listUnmappedInstanceRows, softDeleteInstance } from './instance.repository.js';
import { listUnmappedShareRows, softDeleteShare } from './share.repository.js';

/**
 * The table of a resource kind in a cell database.
 *
 * The queries below are the same for every kind but for their table; what differs by kind is a `switch`.
 */
export function resourceTable(kind: ResourceKind): 'instances' | 'shares' {
  switch (kind) {
    case 'server':
      return 'instances';
    case 'share':
      return 'shares';
    default:
      return assertNever(kind, 'resource kind');
  }
}

/** Who owns a resource row and whether it is deleted, or `undefined` when this cell has no such row. */
export async function findResourceOwner(
  db: Kysely<CellDatabase>,
  kind: ResourceKind,
  uuid: string,
): Promise<{ readonly projectId: string; readonly isDeleted: boolean } | undefined> {
  const row = await db
    .selectFrom(resourceTable(kind))
    .select(['project_id', 'deleted'])
    .where('uuid', '=', uuid)
    .executeTakeFirst();
  return row ? { projectId: row.project_id, isDeleted: row.deleted !== 0 } : undefined;
}

/** Marks a resource row as mapped in the API database (`is_mapped = true`). */
export async function markResourceMapped(
  db: Kysely<CellDatabase>,
  kind: ResourceKind,
  uuid: string,
): Promise<void> {
  await db.updateTable(resourceTable(kind)).set({ is_mapped: true }).where('uuid', '=', uuid).execute();
}

/** Deletes a resource row outright (undoing a create whose API write failed; a delete is `softDeleteResource`). */
export async function deleteResourceRow(
  db: Kysely<CellDatabase>,
  kind: ResourceKind,
  uuid: string,
): Promise<void> {
  await db.deleteFrom(resourceTable(kind)).where('uuid', '=', uuid).execute();
}

/** Soft-deletes a live resource row the way its service does (Nova for servers, Manila for shares). */
export async function softDeleteResource(
  db: Kysely<CellDatabase>,
  kind: ResourceKind,
  uuid: string,
  now: Date,
): Promise<void> {
  switch (kind) {
    case 'server':
      return softDeleteInstance(db, uuid, now);
    case 'share':
      return softDeleteShare(db, uuid, now);
    default:
      return assertNever(kind, 'resource kind');
  }
}

/** A resource row that has no mapping yet, with the request spec rebuilt from the row. */
export interface UnmappedResource {
  readonly kind: ResourceKind;
  readonly id: string;
  readonly projectId: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly isDeleted: boolean;
  readonly spec: RequestSpec;
}

/** Resources of `kind` still `is_mapped = false` that were created before `createdBefore`, at most `limit`. */
export async function listUnmappedResources(
  db: Kysely<CellDatabase>,
  kind: ResourceKind,
  createdBefore: Date,
  limit: number,
): Promise<UnmappedResource[]> {
  switch (kind) {
    case 'server':
      return (await listUnmappedInstanceRows(db, createdBefore, limit)).map((row) =>
        unmapped(row, {
          kind,
          projectId: row.project_id,
          userId: row.user_id,
          flavor: parseJsonColumn<FlavorSnapshot>(row.flavor, {} as FlavorSnapshot),
          image: row.image_ref ? { id: row.image_ref, name: row.image_name ?? '' } : null,
          availabilityZone: row.availability_zone,
          serverGroups: parseJsonColumn<string[]>(row.server_groups, []),
        }),
      );
    case 'share':
      return (await listUnmappedShareRows(db, createdBefore, limit)).map((row) =>
        unmapped(row, {
          kind,
          projectId: row.project_id,
          userId: row.user_id,
          shareProto: row.share_proto,
          size: row.size,
          shareTypeId: row.share_type_id,
          availabilityZone: row.availability_zone,
          shareNetworkId: row.share_network_id,
        }),
      );
    default:
      return assertNever(kind, 'resource kind');
  }
}

/** The columns every resource table has. */
interface ResourceRowCommon {
  readonly uuid: string;
  readonly project_id: string;
  readonly user_id: string;
  readonly created_at: Date;
  readonly deleted: number;
}

function unmapped(row: ResourceRowCommon, spec: RequestSpec): UnmappedResource {
  return {
    kind: spec.kind,
    id: row.uuid,
    projectId: row.project_id,
    userId: row.user_id,
    createdAt: row.created_at,
    isDeleted: row.deleted !== 0,
    spec,
  };
}

import type { Kysely, Selectable } from 'kysely';

import { parseJsonColumn } from '../database/column-types.js';
import type { ResourceKind } from '../resource/resource-kind.js';
import type { ApiDatabase, ResourceMappingsTable } from './api-database.js';
import type { RequestSpec } from './request-spec.js';

/** Where a server or share lives, and what its request asked for (`spec` is null when the spec is gone). */
export interface ResourceMapping {
  readonly resourceType: ResourceKind;
  readonly resourceId: string;
  readonly cellId: number;
  readonly projectId: string;
  readonly userId: string | null;
  readonly isQueuedForDelete: boolean;
  readonly createdAt: Date;
  readonly spec: RequestSpec | null;
}

/** A mapping to write, with the request spec that goes with it. */
export interface NewResourceMapping {
  readonly resourceType: ResourceKind;
  readonly resourceId: string;
  readonly cellId: number;
  readonly projectId: string;
  readonly userId: string;
  readonly isQueuedForDelete: boolean;
  readonly createdAt: Date;
  readonly spec: RequestSpec;
}

type MappingWithSpec = Selectable<ResourceMappingsTable> & { spec: string | null };

/** The mapping of one resource with its request spec, or `undefined` when there is none. */
export async function findResourceMapping(
  api: Kysely<ApiDatabase>,
  resourceType: ResourceKind,
  resourceId: string,
): Promise<ResourceMapping | undefined> {
  const row = await api
    .selectFrom('resource_mappings as m')
    .leftJoin('request_specs as s', 's.resource_id', 'm.resource_id')
    .selectAll('m')
    .select('s.spec')
    .where('m.resource_type', '=', resourceType)
    .where('m.resource_id', '=', resourceId)
    .executeTakeFirst();
  return row ? toResourceMapping(row) : undefined;
}

/**
 * Mappings (with specs) of the resources of `cellIds` that are not queued for deletion, newest first, at most
 * `limit`: the raw material of minimal constructs (Nova's `get_not_deleted_by_cell_and_project`). One statement.
 */
export async function listLiveMappingsOfCells(
  api: Kysely<ApiDatabase>,
  query: {
    readonly resourceType: ResourceKind;
    readonly cellIds: readonly number[];
    readonly projectId: string | null;
    readonly limit: number;
  },
): Promise<ResourceMapping[]> {
  if (query.cellIds.length === 0 || query.limit <= 0) return [];
  let select = api
    .selectFrom('resource_mappings as m')
    .leftJoin('request_specs as s', 's.resource_id', 'm.resource_id')
    .selectAll('m')
    .select('s.spec')
    .where('m.resource_type', '=', query.resourceType)
    .where('m.cell_id', 'in', [...query.cellIds])
    .where('m.queued_for_delete', '=', 0);
  if (query.projectId !== null) select = select.where('m.project_id', '=', query.projectId);
  const rows = await select
    .orderBy('m.created_at', 'desc')
    .orderBy('m.resource_id', 'desc')
    .limit(query.limit)
    .execute();
  return rows.map(toResourceMapping);
}

/**
 * The ids of the cells that hold resources of `projectId` of `resourceType`, deleted ones included: the cells a list of that project must ask (Nova's
 * `instance_list_per_project_cells`, from `instance_mappings`). One statement.
 */
export async function listCellIdsOfProject(
  api: Kysely<ApiDatabase>,
  projectId: string,
  resourceType: ResourceKind,
): Promise<number[]> {
  const rows = await api
    .selectFrom('resource_mappings')
    .select('cell_id')
    .distinct()
    .where('project_id', '=', projectId)
    .where('resource_type', '=', resourceType)
    .execute();
  return rows.map((row) => row.cell_id);
}

/**
 * Writes a resource's mapping and request spec in one transaction, so both or neither exist: a create's commit
 * point. An existing mapping makes it reject.
 */
export async function insertResourceMapping(
  api: Kysely<ApiDatabase>,
  mapping: NewResourceMapping,
): Promise<void> {
  await api.transaction().execute(async (trx) => {
    await trx
      .insertInto('resource_mappings')
      .values({
        resource_type: mapping.resourceType,
        resource_id: mapping.resourceId,
        cell_id: mapping.cellId,
        project_id: mapping.projectId,
        user_id: mapping.userId,
        queued_for_delete: mapping.isQueuedForDelete,
        created_at: mapping.createdAt,
      })
      .execute();
    await trx
      .insertInto('request_specs')
      .values({
        resource_id: mapping.resourceId,
        resource_type: mapping.resourceType,
        spec: JSON.stringify(mapping.spec),
        created_at: mapping.createdAt,
      })
      .execute();
  });
}

/** Queues a resource's mapping for deletion (Nova's `queued_for_delete`); idempotent. */
export async function queueMappingForDelete(
  api: Kysely<ApiDatabase>,
  resourceId: string,
  now: Date,
): Promise<void> {
  await api
    .updateTable('resource_mappings')
    .set({ queued_for_delete: true, updated_at: now })
    .where('resource_id', '=', resourceId)
    .execute();
}

function toResourceMapping(row: MappingWithSpec): ResourceMapping {
  return {
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    cellId: row.cell_id,
    projectId: row.project_id,
    userId: row.user_id,
    isQueuedForDelete: row.queued_for_delete !== 0,
    createdAt: row.created_at,
    spec: row.spec === null ? null : parseJsonColumn<RequestSpec | null>(row.spec, null),
  };
}

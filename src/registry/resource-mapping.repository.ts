import type { Kysely, Selectable } from 'kysely';

import { parseJsonColumn } from '../database/column-types.js';
import type { ApiDatabase, ResourceMappingsTable } from './api-database.js';
import type { RequestSpec } from './request-spec.js';

export type ResourceType = 'server' | 'share';

/** Where a server or share lives, and what its request asked for (`spec` is null when the spec is gone). */
export interface ResourceMapping {
  readonly resourceType: ResourceType;
  readonly resourceId: string;
  readonly cellId: number;
  readonly projectId: string;
  readonly userId: string | null;
  readonly isQueuedForDelete: boolean;
  readonly createdAt: Date;
  readonly spec: RequestSpec | null;
}

type MappingWithSpec = Selectable<ResourceMappingsTable> & { spec: string | null };

/** The mapping of one resource with its request spec, or `undefined` when there is none. */
export async function findResourceMapping(
  api: Kysely<ApiDatabase>,
  resourceType: ResourceType,
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
    readonly resourceType: ResourceType;
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

import type { Kysely } from 'kysely';

import type { CellDatabase } from '../cell-db/cell-database.js';
import { parseJsonColumn } from '../database/column-types.js';
import type { ApiDatabase } from '../registry/api-database.js';
import type { CellMapping } from '../registry/cell-mapping.js';
import type { FlavorSnapshot, RequestSpec } from '../registry/request-spec.js';

/**
 * Repairs creates that crashed between their cell write and their API write (`provisioning/place-resource.ts`):
 * servers and shares of this cell still `is_mapped = false` after `graceS` seconds get their mapping and request
 * spec (rebuilt from the row; `INSERT IGNORE`, so a mapping that exists is kept), then `is_mapped = true`.
 * Resolves to the number of resources repaired.
 */
export async function repairMappings(
  db: Kysely<CellDatabase>,
  api: Kysely<ApiDatabase>,
  cell: CellMapping,
  graceS: number,
  now = new Date(),
): Promise<number> {
  const before = new Date(now.getTime() - graceS * 1000);
  const servers = await db
    .selectFrom('instances')
    .selectAll()
    .where('is_mapped', '=', 0)
    .where('created_at', '<', before)
    .limit(100)
    .execute();
  const shares = await db
    .selectFrom('shares')
    .selectAll()
    .where('is_mapped', '=', 0)
    .where('created_at', '<', before)
    .limit(100)
    .execute();
  const entries: {
    id: string;
    type: 'server' | 'share';
    projectId: string;
    userId: string;
    createdAt: Date;
    isDeleted: boolean;
    spec: RequestSpec;
  }[] = [
    ...servers.map((row) => ({
      id: row.uuid,
      type: 'server' as const,
      projectId: row.project_id,
      userId: row.user_id,
      createdAt: row.created_at,
      isDeleted: row.deleted !== 0,
      spec: {
        kind: 'server' as const,
        projectId: row.project_id,
        userId: row.user_id,
        flavor: parseJsonColumn<FlavorSnapshot>(row.flavor, {} as FlavorSnapshot),
        image: row.image_ref ? { id: row.image_ref, name: row.image_name ?? '' } : null,
        availabilityZone: row.availability_zone,
        serverGroups: parseJsonColumn<string[]>(row.server_groups, []),
      },
    })),
    ...shares.map((row) => ({
      id: row.uuid,
      type: 'share' as const,
      projectId: row.project_id,
      userId: row.user_id,
      createdAt: row.created_at,
      isDeleted: row.deleted !== 0,
      spec: {
        kind: 'share' as const,
        projectId: row.project_id,
        userId: row.user_id,
        shareProto: row.share_proto,
        size: row.size,
        shareTypeId: row.share_type_id,
        availabilityZone: row.availability_zone,
        shareNetworkId: row.share_network_id,
      },
    })),
  ];
  for (const entry of entries) {
    await api.transaction().execute(async (trx) => {
      await trx
        .insertInto('resource_mappings')
        .ignore()
        .values({
          resource_type: entry.type,
          resource_id: entry.id,
          cell_id: cell.id,
          project_id: entry.projectId,
          user_id: entry.userId,
          queued_for_delete: entry.isDeleted,
          created_at: entry.createdAt,
        })
        .execute();
      await trx
        .insertInto('request_specs')
        .ignore()
        .values({
          resource_id: entry.id,
          resource_type: entry.type,
          spec: JSON.stringify(entry.spec),
          created_at: entry.createdAt,
        })
        .execute();
    });
    await db
      .updateTable(entry.type === 'server' ? 'instances' : 'shares')
      .set({ is_mapped: true })
      .where('uuid', '=', entry.id)
      .execute();
  }
  return entries.length;
}

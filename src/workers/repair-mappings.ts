import type { Kysely } from 'kysely';

import type { CellDatabase } from '../cell-db/cell-database.js';
import { listUnmappedResources, markResourceMapped } from '../cell-db/resource-row.repository.js';
import type { ApiDatabase } from '../registry/api-database.js';
import type { CellMapping } from '../registry/cell-mapping.js';
import { insertResourceMapping } from '../registry/resource-mapping.repository.js';
import { RESOURCE_KINDS } from '../resource/resource-kind.js';

/** Resources of one kind repaired per pass at most. */
const BATCH_SIZE = 100;

/**
 * Repairs creates that crashed between their cell write and their API write (`provisioning/place-resource.ts`):
 * resources of every kind in this cell still `is_mapped = false` after `graceS` seconds get their mapping and
 * request spec (rebuilt from the row; rows that exist are kept), then `is_mapped = true`. Resolves to the number
 * of resources repaired.
 */
export async function repairMappings(
  db: Kysely<CellDatabase>,
  api: Kysely<ApiDatabase>,
  cell: CellMapping,
  graceS: number,
  now = new Date(),
): Promise<number> {
  const before = new Date(now.getTime() - graceS * 1000);
  let repaired = 0;
  for (const kind of RESOURCE_KINDS) {
    for (const resource of await listUnmappedResources(db, kind, before, BATCH_SIZE)) {
      await insertResourceMapping(
        api,
        {
          resourceType: kind,
          resourceId: resource.id,
          cellId: cell.id,
          projectId: resource.projectId,
          userId: resource.userId,
          isQueuedForDelete: resource.isDeleted,
          createdAt: resource.createdAt,
          spec: resource.spec,
        },
        { isRepair: true },
      );
      await markResourceMapped(db, kind, resource.id);
      repaired++;
    }
  }
  return repaired;
}

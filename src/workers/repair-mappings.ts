import type { Kysely } from 'kysely';

import type { CellDatabase } from '../cell-db/cell-database.js';
import {
  deleteResourceRow,
  listUnmappedResources,
  markResourceMapped,
} from '../cell-db/resource-row.repository.js';
import { deleteTasksOfResource } from '../cell-db/task.repository.js';
import type { ApiDatabase } from '../registry/api-database.js';
import { findResourceMapping } from '../registry/resource-mapping.repository.js';
import { RESOURCE_KINDS } from '../resource/resource-kind.js';

/** Resources of one kind settled per pass at most. */
const BATCH_SIZE = 100;

/** What one pass did. */
export interface RepairOutcome {
  /** Resources whose mapping existed: `is_mapped` set (a create whose last step did not reach the cell). */
  readonly mapped: number;
  /** Resources without a mapping: deleted with their tasks (a create that was never acknowledged). */
  readonly undone: number;
}

/**
 * Settles creates left half-done between their cell write and their API write (`provisioning/place-resource.ts`):
 * resources of every kind in this cell still `is_mapped = false` after `graceS` seconds.
 *
 * The API database's mapping is a create's commit point: the gateway acknowledges a create only after writing it.
 * So a resource whose mapping exists is marked mapped, and one without a mapping is deleted with its tasks: its
 * create was refused or never answered (the gateway died, or the cell's COMMIT arrived after the gateway had given
 * up on it, as a frozen server does when it thaws). Mapping such a row instead would make a create answered
 * `CELL_UNAVAILABLE` or `API_DATABASE_UNAVAILABLE` appear later. `graceS` is longer than `REQUEST_TIMEOUT_MS`
 * (checked at start), so no create still writing its mapping is undone.
 */
export async function repairMappings(
  db: Kysely<CellDatabase>,
  api: Kysely<ApiDatabase>,
  graceS: number,
  now = new Date(),
): Promise<RepairOutcome> {
  const before = new Date(now.getTime() - graceS * 1000);
  let mapped = 0;
  let undone = 0;
  for (const kind of RESOURCE_KINDS) {
    for (const resource of await listUnmappedResources(db, kind, before, BATCH_SIZE)) {
      if (await findResourceMapping(api, kind, resource.id)) {
        await markResourceMapped(db, kind, resource.id);
        mapped++;
        continue;
      }
      await db.transaction().execute(async (trx) => {
        await deleteTasksOfResource(trx, resource.id);
        await deleteResourceRow(trx, kind, resource.id);
      });
      undone++;
    }
  }
  return { mapped, undone };
}

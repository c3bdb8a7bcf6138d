import type { Kysely } from 'kysely';

import type { CellDatabase } from './cell-database.js';
import type { InstanceFault } from './instance-fault.js';

/**
 * The newest fault (highest id) of each of `instanceUuids` in this cell, by instance uuid; one statement per batch
 * (Nova's `instance_fault_get_by_instance_uuids(latest=True)`).
 */
export async function findLatestFaults(
  db: Kysely<CellDatabase>,
  instanceUuids: readonly string[],
): Promise<Map<string, InstanceFault>> {
  const faults = new Map<string, InstanceFault>();
  if (instanceUuids.length === 0) return faults;
  const rows = await db
    .selectFrom('instance_faults as f')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('instance_faults')
          .select((inner) => ['instance_uuid', inner.fn.max('id').as('latest_id')])
          .where('instance_uuid', 'in', [...instanceUuids])
          .where('deleted', '=', 0)
          .groupBy('instance_uuid')
          .as('latest'),
      (join) => join.onRef('latest.latest_id', '=', 'f.id'),
    )
    .select(['f.instance_uuid', 'f.code', 'f.message', 'f.details', 'f.created_at'])
    .execute();
  for (const row of rows) {
    faults.set(row.instance_uuid, {
      code: row.code,
      message: row.message,
      details: row.details,
      created: row.created_at,
    });
  }
  return faults;
}

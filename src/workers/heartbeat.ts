import { hostname } from 'node:os';

import type { Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';

import type { CellDatabase } from '../cell-db/cell-database.js';
import type { CellMapping } from '../registry/cell-mapping.js';

/**
 * Reports the cell's services alive (Nova's and Manila's service heartbeats): the worker runs the cell's simulated
 * hypervisors and share backends, so it updates `last_seen_up` of every compute and share service, and of its own
 * `worker` service (created on first beat). A service whose heartbeat is older than `SERVICE_DOWN_TIME_S` is DOWN.
 */
export async function heartbeat(
  db: Kysely<CellDatabase>,
  cell: CellMapping,
  now = new Date(),
): Promise<void> {
  await db
    .updateTable('services')
    .set((eb) => ({ last_seen_up: now, updated_at: now, report_count: eb('report_count', '+', 1) }))
    .where('deleted', '=', 0)
    .where('binary', 'in', ['compute', 'share'])
    .execute();
  await db
    .insertInto('services')
    .values({
      uuid: randomUUID(),
      host: `${cell.name}-worker@${hostname()}`,
      binary: 'worker',
      availability_zone: cell.availabilityZone,
      disabled: false,
      forced_down: false,
      ensuring: false,
      last_seen_up: now,
      report_count: 1,
      created_at: now,
      deleted: 0,
    })
    .onDuplicateKeyUpdate((eb) => ({
      last_seen_up: now,
      report_count: eb('report_count', '+', 1),
      updated_at: now,
    }))
    .execute();
}

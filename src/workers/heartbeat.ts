import { hostname } from 'node:os';

import type { Kysely } from 'kysely';

import type { CellDatabase } from '../cell-db/cell-database.js';
import { beatHostServices, beatWorkerService } from '../cell-db/service.repository.js';
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
  await beatHostServices(db, now);
  await beatWorkerService(
    db,
    { host: `${cell.name}-worker@${hostname()}`, availabilityZone: cell.availabilityZone },
    now,
  );
}

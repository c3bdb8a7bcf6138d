import { randomUUID } from 'node:crypto';

import type { Kysely, Selectable } from 'kysely';

import type { CellDatabase, ServicesTable } from './cell-database.js';
import type { Service } from './service.js';

/** A row of `services`. */
export type ServiceRow = Selectable<ServicesTable>;

/** Live services of one cell, optionally of one binary or host, by id. */
export async function listServiceRows(
  db: Kysely<CellDatabase>,
  filter: { readonly binary?: string | undefined; readonly host?: string | undefined },
): Promise<ServiceRow[]> {
  let select = db.selectFrom('services').selectAll().where('deleted', '=', 0);
  if (filter.binary !== undefined) select = select.where('binary', '=', filter.binary);
  if (filter.host !== undefined) select = select.where('host', '=', filter.host);
  return select.orderBy('id').execute();
}

/** One service by id, or `undefined`. */
export async function findServiceRow(db: Kysely<CellDatabase>, id: number): Promise<ServiceRow | undefined> {
  return db.selectFrom('services').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Flags a service `ensuring` unless it already is; resolves to whether this call flagged it (one statement, so of
 * two concurrent requests exactly one wins).
 */
export async function flagServiceEnsuring(db: Kysely<CellDatabase>, id: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('services')
    .set({ ensuring: true, updated_at: now })
    .where('id', '=', id)
    .where('ensuring', '=', 0)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Clears the `ensuring` flag of the share service of `host` (`host@backend`). */
export async function clearShareServiceEnsuring(
  db: Kysely<CellDatabase>,
  host: string,
  now: Date,
): Promise<void> {
  await db
    .updateTable('services')
    .set({ ensuring: false, updated_at: now })
    .where('binary', '=', 'share')
    .where('host', '=', host)
    .execute();
}

/** Records a heartbeat of every live compute and share service of the cell (their simulated hosts run here). */
export async function beatHostServices(db: Kysely<CellDatabase>, now: Date): Promise<void> {
  await db
    .updateTable('services')
    .set((eb) => ({ last_seen_up: now, updated_at: now, report_count: eb('report_count', '+', 1) }))
    .where('deleted', '=', 0)
    .where('binary', 'in', ['compute', 'share'])
    .execute();
}

/** Records a heartbeat of the `worker` service `host`, creating the service on its first beat. */
export async function beatWorkerService(
  db: Kysely<CellDatabase>,
  worker: { readonly host: string; readonly availabilityZone: string | null },
  now: Date,
): Promise<void> {
  await db
    .insertInto('services')
    .values({
      uuid: randomUUID(),
      host: worker.host,
      binary: 'worker',
      availability_zone: worker.availabilityZone,
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

/**
 * The service that `row` of `cellName` describes; `state` is DOWN when its last heartbeat is older than
 * `serviceDownTimeS` (Nova's servicegroup DB driver) or it is forced down.
 */
export function serviceRowToService(
  row: ServiceRow,
  cellName: string,
  serviceDownTimeS: number,
  now = Date.now(),
): Service {
  const isUp =
    row.forced_down === 0 &&
    row.last_seen_up !== null &&
    now - row.last_seen_up.getTime() <= serviceDownTimeS * 1000;
  return {
    id: row.uuid,
    binary: row.binary,
    host: row.host,
    zone: row.availability_zone,
    status: row.disabled !== 0 ? 'DISABLED' : 'ENABLED',
    state: isUp ? 'UP' : 'DOWN',
    updatedAt: row.updated_at ?? row.last_seen_up,
    disabledReason: row.disabled_reason,
    forcedDown: row.forced_down !== 0,
    ensuring: row.ensuring !== 0,
    cell: cellName,
  };
}

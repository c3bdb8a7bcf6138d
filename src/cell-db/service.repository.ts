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

import type { Kysely } from 'kysely';

import type { ApiDatabase } from './api-database.js';

/** A compute host and the cell it belongs to. */
export interface HostMapping {
  readonly cellId: number;
  readonly host: string;
}

/** The compute hosts of `cellIds`, by cell then host (the source of down-cell compute services). */
export async function listHostMappingsOfCells(
  api: Kysely<ApiDatabase>,
  cellIds: readonly number[],
): Promise<HostMapping[]> {
  if (cellIds.length === 0) return [];
  const rows = await api
    .selectFrom('host_mappings')
    .select(['cell_id', 'host'])
    .where('cell_id', 'in', [...cellIds])
    .orderBy('cell_id')
    .orderBy('host')
    .execute();
  return rows.map((row) => ({ cellId: row.cell_id, host: row.host }));
}

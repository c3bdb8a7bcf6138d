import { randomUUID } from 'node:crypto';

import type { Kysely, Selectable } from 'kysely';

import type { ApiDatabase, CellMappingsTable } from './api-database.js';
import { CELL0_NAME, CELL0_UUID, type CellMapping } from './cell-mapping.js';

type CellMappingRow = Selectable<CellMappingsTable>;

/** Every registered cell, cell0 first, then in registration order. */
export async function listCellMappings(api: Kysely<ApiDatabase>): Promise<CellMapping[]> {
  const rows = await api.selectFrom('cell_mappings').selectAll().orderBy('id').execute();
  return rows
    .map(cellMappingRowToCellMapping)
    .sort((a, b) => Number(b.uuid === CELL0_UUID) - Number(a.uuid === CELL0_UUID));
}

/** Registers a cell. cell0 gets the reserved uuid of zeros. Rejects if the name is taken. */
export async function insertCellMapping(
  api: Kysely<ApiDatabase>,
  cell: { readonly name: string; readonly databaseUrl: string; readonly availabilityZone: string | null },
  now = new Date(),
): Promise<CellMapping> {
  const uuid = cell.name === CELL0_NAME ? CELL0_UUID : randomUUID();
  await api
    .insertInto('cell_mappings')
    .values({
      uuid,
      name: cell.name,
      database_url: cell.databaseUrl,
      availability_zone: cell.availabilityZone,
      disabled: false,
      created_at: now,
    })
    .execute();
  const row = await api
    .selectFrom('cell_mappings')
    .selectAll()
    .where('uuid', '=', uuid)
    .executeTakeFirstOrThrow();
  return cellMappingRowToCellMapping(row);
}

function cellMappingRowToCellMapping(row: CellMappingRow): CellMapping {
  return {
    id: row.id,
    uuid: row.uuid,
    name: row.name,
    databaseUrl: row.database_url,
    availabilityZone: row.availability_zone,
    isDisabled: row.disabled !== 0,
  };
}

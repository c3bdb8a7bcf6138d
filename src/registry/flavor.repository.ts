import type { Kysely, Selectable } from 'kysely';

import { parseJsonColumn } from '../database/column-types.js';
import type { ApiDatabase, FlavorsTable } from './api-database.js';
import type { FlavorSnapshot } from './request-spec.js';

/** Every flavor, by name. */
export async function listFlavors(api: Kysely<ApiDatabase>): Promise<FlavorSnapshot[]> {
  const rows = await api.selectFrom('flavors').selectAll().orderBy('name').execute();
  return rows.map(flavorRowToFlavor);
}

/** The flavor named `name`, or `undefined`. */
export async function findFlavorByName(
  api: Kysely<ApiDatabase>,
  name: string,
): Promise<FlavorSnapshot | undefined> {
  const row = await api.selectFrom('flavors').selectAll().where('name', '=', name).executeTakeFirst();
  return row ? flavorRowToFlavor(row) : undefined;
}

function flavorRowToFlavor(row: Selectable<FlavorsTable>): FlavorSnapshot {
  return {
    id: row.id,
    name: row.name,
    vcpus: row.vcpus,
    ram: row.ram,
    disk: row.disk,
    ephemeral: row.ephemeral,
    swap: row.swap,
    extraSpecs: parseJsonColumn<Record<string, string>>(row.extra_specs, {}),
  };
}

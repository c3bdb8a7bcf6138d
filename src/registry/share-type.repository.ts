import type { Kysely, Selectable } from 'kysely';

import { parseJsonColumn } from '../database/column-types.js';
import type { ApiDatabase, ShareTypesTable } from './api-database.js';

/** A share type (Manila): what a share asks of its backend. */
export interface ShareTypeRecord {
  readonly id: string;
  readonly name: string;
  readonly isDefault: boolean;
  readonly visibility: string;
  readonly requiredExtraSpecs: Readonly<Record<string, string>>;
  readonly optionalExtraSpecs: Readonly<Record<string, string>>;
}

/** Every share type, by name. */
export async function listShareTypes(api: Kysely<ApiDatabase>): Promise<ShareTypeRecord[]> {
  const rows = await api.selectFrom('share_types').selectAll().orderBy('name').execute();
  return rows.map(shareTypeRowToRecord);
}

/** The share types with the given ids (one statement; for the per-request loader). */
export async function listShareTypesByIds(
  api: Kysely<ApiDatabase>,
  ids: readonly string[],
): Promise<ShareTypeRecord[]> {
  if (ids.length === 0) return [];
  const rows = await api
    .selectFrom('share_types')
    .selectAll()
    .where('id', 'in', [...ids])
    .execute();
  return rows.map(shareTypeRowToRecord);
}

/** The share type whose id or name is `idOrName`, or the default type when `idOrName` is absent. */
export async function findShareType(
  api: Kysely<ApiDatabase>,
  idOrName: string | null | undefined,
): Promise<ShareTypeRecord | undefined> {
  let select = api.selectFrom('share_types').selectAll();
  select =
    idOrName === null || idOrName === undefined
      ? select.where('is_default', '=', 1)
      : select.where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]));
  const row = await select.orderBy('created_at').executeTakeFirst();
  return row ? shareTypeRowToRecord(row) : undefined;
}

function shareTypeRowToRecord(row: Selectable<ShareTypesTable>): ShareTypeRecord {
  return {
    id: row.id,
    name: row.name,
    isDefault: row.is_default !== 0,
    visibility: row.visibility,
    requiredExtraSpecs: parseJsonColumn<Record<string, string>>(row.required_extra_specs, {}),
    optionalExtraSpecs: parseJsonColumn<Record<string, string>>(row.optional_extra_specs, {}),
  };
}

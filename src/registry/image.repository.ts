import type { Kysely } from 'kysely';

import { parseJsonColumn } from '../database/column-types.js';
import type { ApiDatabase } from './api-database.js';

/** An image of the catalogue. */
export interface ImageRecord {
  readonly id: string;
  readonly name: string;
  readonly properties: Readonly<Record<string, string>>;
}

/** The image whose id or name is `idOrName`, or `undefined`. */
export async function findImage(
  api: Kysely<ApiDatabase>,
  idOrName: string,
): Promise<ImageRecord | undefined> {
  const row = await api
    .selectFrom('images')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .orderBy('created_at')
    .executeTakeFirst();
  return row
    ? { id: row.id, name: row.name, properties: parseJsonColumn<Record<string, string>>(row.properties, {}) }
    : undefined;
}

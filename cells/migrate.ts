import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';

import * as api0001 from './api/migrations/0001-initial.js';
import * as api0002 from './api/migrations/0002-gateway-secrets.js';
import * as api0003 from './api/migrations/0003-project-cells-index.js';
import * as cell0001 from './cell/migrations/0001-initial.js';
import * as cell0002 from './cell/migrations/0002-instance-order-indexes.js';

/** The migrations of the API database, by name, in order. */
export const API_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': api0001,
  '0002-gateway-secrets': api0002,
  '0003-project-cells-index': api0003,
};

/** The migrations of every cell database (cell0 included), by name, in order. */
export const CELL_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': cell0001,
  '0002-instance-order-indexes': cell0002,
};

/**
 * Brings a database to the latest migration of its kind.
 *
 * Rejects with the first migration's error; Kysely's lock table makes concurrent runs wait for each other.
 */
export async function migrateToLatest(
  db: Kysely<unknown>,
  kind: 'api' | 'cell',
): Promise<MigrationResultSet> {
  const migrations = kind === 'api' ? API_MIGRATIONS : CELL_MIGRATIONS;
  const migrator = new Migrator({ db, provider: { getMigrations: async () => ({ ...migrations }) } });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return result;
}

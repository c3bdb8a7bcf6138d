import type { Kysely } from 'kysely';

import { migrateToLatest } from '../../cells/migrate.js';
import type { Config } from '../config/config.js';
import { createDatabaseIfAbsent } from '../database/create-database.js';
import { openDatabase } from '../database/open-database.js';
import type { ApiDatabase } from '../registry/api-database.js';
import type { CellMapping } from '../registry/cell-mapping.js';
import { listCellMappings } from '../registry/cell-mapping.repository.js';

/** Creates (if absent) and migrates one cell database. */
export async function migrateCellDatabase(url: string, label: string): Promise<void> {
  await createDatabaseIfAbsent(url);
  const { db } = openDatabase<unknown>({ url, label, serverStatementTimeoutS: 0, defaultTimeoutMs: 120_000 });
  try {
    await migrateToLatest(db, 'cell');
  } finally {
    await db.destroy();
  }
}

/**
 * Creates (if absent) and migrates the API database, then every registered cell database (`cellgate db migrate`).
 * Returns the cells it migrated.
 */
export async function migrateAll(config: Config, log: (line: string) => void): Promise<CellMapping[]> {
  await createDatabaseIfAbsent(config.apiDatabaseUrl);
  const { db } = openDatabase<ApiDatabase>({
    url: config.apiDatabaseUrl,
    label: 'api',
    serverStatementTimeoutS: 0,
    defaultTimeoutMs: 120_000,
  });
  try {
    await migrateToLatest(db as unknown as Kysely<unknown>, 'api');
    log('API database migrated.');
    const cells = await listCellMappings(db);
    for (const cell of cells) {
      await migrateCellDatabase(cell.databaseUrl, cell.name);
      log(`Cell ${cell.name} migrated.`);
    }
    return cells;
  } finally {
    await db.destroy();
  }
}

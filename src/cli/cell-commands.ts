import type { Config } from '../config/config.js';
import { openDatabase } from '../database/open-database.js';
import type { ApiDatabase } from '../registry/api-database.js';
import { CELL0_NAME, type CellMapping } from '../registry/cell-mapping.js';
import { insertCellMapping, listCellMappings } from '../registry/cell-mapping.repository.js';
import { migrateCellDatabase } from './migrate-all.js';
import { requireDatabases } from './require-databases.js';

const CELL_NAME = /^[a-z][a-z0-9_-]{0,62}$/;

/**
 * Registers a cell (`cellgate cell create`): creates and migrates its database, then maps it in the API database.
 *
 * The availability zone defaults to the name; cell0 (the cell of unschedulable requests) gets the reserved uuid
 * and no zone. Rejects for a bad name or URL, a name already registered, or a database server that does not
 * answer (`UnreachableDatabaseError`, naming `--database-url`).
 */
export async function createCell(
  config: Config,
  input: {
    readonly name: string;
    readonly databaseUrl: string;
    readonly availabilityZone?: string | undefined;
  },
): Promise<CellMapping> {
  if (!CELL_NAME.test(input.name)) {
    throw new Error(
      `Cell name "${input.name}" must be lowercase letters, digits, "-" or "_", starting with a letter.`,
    );
  }
  let url: URL;
  try {
    url = new URL(input.databaseUrl);
  } catch {
    throw new Error(`--database-url "${input.databaseUrl}" is not a URL.`);
  }
  if (url.protocol !== 'mysql:' || url.pathname.length <= 1 || url.pathname.slice(1).includes('/')) {
    throw new Error(
      `--database-url must look like mysql://user@host:port/database, got "${input.databaseUrl}".`,
    );
  }
  const { db } = openDatabase<ApiDatabase>({
    url: config.apiDatabaseUrl,
    label: 'api',
    serverStatementTimeoutS: 0,
  });
  try {
    const existing = await listCellMappings(db);
    if (existing.some((cell) => cell.name === input.name))
      throw new Error(`Cell "${input.name}" is already registered.`);
    await requireDatabases(config, {
      option: { name: '--database-url', url: input.databaseUrl, need: 'server' },
    });
    await migrateCellDatabase(input.databaseUrl, input.name);
    const availabilityZone = input.name === CELL0_NAME ? null : (input.availabilityZone ?? input.name);
    return await insertCellMapping(db, {
      name: input.name,
      databaseUrl: input.databaseUrl,
      availabilityZone,
    });
  } finally {
    await db.destroy();
  }
}

/** The registered cells (`cellgate cell list`). */
export async function listCells(config: Config): Promise<CellMapping[]> {
  const { db } = openDatabase<ApiDatabase>({
    url: config.apiDatabaseUrl,
    label: 'api',
    serverStatementTimeoutS: 0,
  });
  try {
    return await listCellMappings(db);
  } finally {
    await db.destroy();
  }
}

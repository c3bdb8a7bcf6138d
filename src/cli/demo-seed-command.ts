import { seedDemo, type SeedDemoSummary } from '../../cells/demo/seed-demo.js';
import type { Config } from '../config/config.js';
import { openDatabase } from '../database/open-database.js';
import type { CellDatabase } from '../cell-db/cell-database.js';
import type { ApiDatabase } from '../registry/api-database.js';
import { listCellMappings } from '../registry/cell-mapping.repository.js';

/** Seeds the demo topology and sample data into every registered cell (`cellgate demo seed`); idempotent. */
export async function demoSeedCommand(config: Config, serversPerCell: number): Promise<SeedDemoSummary> {
  const api = openDatabase<ApiDatabase>({
    url: config.apiDatabaseUrl,
    label: 'api',
    serverStatementTimeoutS: 0,
  });
  const opened = (await listCellMappings(api.db)).map((cell) => ({
    cell,
    database: openDatabase<CellDatabase>({
      url: cell.databaseUrl,
      label: cell.name,
      serverStatementTimeoutS: 0,
    }),
  }));
  try {
    return await seedDemo({
      api: api.db,
      cells: opened.map(({ cell, database }) => ({ cell, db: database.db })),
      serversPerCell,
      messageTtlS: config.messages.ttlS,
    });
  } finally {
    await Promise.all([api.db.destroy(), ...opened.map(({ database }) => database.db.destroy())]);
  }
}

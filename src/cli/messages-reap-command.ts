import type { CellDatabase } from '../cell-db/cell-database.js';
import type { Config } from '../config/config.js';
import { openDatabase } from '../database/open-database.js';
import { reapExpiredMessages } from '../messages/reaper.js';
import type { ApiDatabase } from '../registry/api-database.js';
import { listCellMappings } from '../registry/cell-mapping.repository.js';

/** Deletes expired messages once in every cell, in batches (`cellgate messages reap`); returns rows per cell. */
export async function messagesReapCommand(
  config: Config,
): Promise<{ cell: string; deleted: number; statements: number }[]> {
  const api = openDatabase<ApiDatabase>({ url: config.apiDatabaseUrl, label: 'api' });
  try {
    const cells = await listCellMappings(api.db);
    const results = [];
    for (const cell of cells) {
      const { db } = openDatabase<CellDatabase>({
        url: cell.databaseUrl,
        label: cell.name,
        defaultTimeoutMs: 60_000,
      });
      try {
        const result = await reapExpiredMessages(db, { batchSize: config.messages.reapBatchSize });
        results.push({ cell: cell.name, ...result });
      } finally {
        await db.destroy();
      }
    }
    return results;
  } finally {
    await api.db.destroy();
  }
}

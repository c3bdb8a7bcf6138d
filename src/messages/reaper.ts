import type { Kysely } from 'kysely';

import type { CellDatabase } from '../cell-db/cell-database.js';
import { deleteExpiredMessages } from '../cell-db/message.repository.js';

/** Options of one reaper pass. */
export interface ReapOptions {
  /** Rows deleted per statement (`MESSAGE_REAP_BATCH_SIZE`). */
  readonly batchSize: number;
  /** Messages with `expires_at` strictly before this instant are expired (Cinder's strict `<`). */
  readonly now?: Date;
}

/**
 * Deletes the expired messages of one cell (Cinder's `cleanup_expired_messages`), in batches of `batchSize` rows
 * per statement, so a large backlog never holds long locks. Hard delete, as upstream; soft-deleted messages go too
 * once expired. Resolves to the number of rows deleted and the number of statements used.
 */
export async function reapExpiredMessages(
  db: Kysely<CellDatabase>,
  options: ReapOptions,
): Promise<{ readonly deleted: number; readonly statements: number }> {
  const now = options.now ?? new Date();
  let deleted = 0;
  let statements = 0;
  for (;;) {
    const count = await deleteExpiredMessages(db, now, options.batchSize);
    statements++;
    deleted += count;
    if (count < options.batchSize) return { deleted, statements };
  }
}

import { sql, type Kysely } from 'kysely';

import type { CellDatabase } from './cell-database.js';

/**
 * Asks a cell database the most trivial question (`select 1`): the breaker's half-open probe. Rejects when the
 * cell does not answer.
 */
export async function pingCellDatabase(db: Kysely<CellDatabase>): Promise<void> {
  await sql`select 1`.execute(db);
}

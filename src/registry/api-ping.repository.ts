import { sql, type Kysely } from 'kysely';

import type { ApiDatabase } from './api-database.js';

/** Asks the API database the most trivial question (`select 1`), for readiness. Rejects when it does not answer. */
export async function pingApiDatabase(api: Kysely<ApiDatabase>): Promise<void> {
  await sql`select 1`.execute(api);
}

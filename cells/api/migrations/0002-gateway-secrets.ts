import type { Kysely } from 'kysely';

import { datetime3, withBinaryCollation } from '../../column-types.js';

/**
 * Secrets the gateway generates for itself: the HS256 token secret used when neither `AUTH_JWT_SECRET` nor
 * `AUTH_JWKS_URL` is set, so that every gateway process and `cellgate token` share it across restarts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await withBinaryCollation(
    db.schema
      .createTable('gateway_secrets')
      .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('value', 'varchar(255)', (c) => c.notNull())
      .addColumn('created_at', datetime3, (c) => c.notNull()),
  ).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('gateway_secrets').ifExists().execute();
}

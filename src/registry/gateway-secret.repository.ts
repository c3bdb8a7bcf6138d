import type { Kysely } from 'kysely';

import type { ApiDatabase } from './api-database.js';

/**
 * The secret stored under `name`, created with `generateFn()` when there is none yet.
 *
 * Safe when several processes start at once: the first insert wins (`INSERT IGNORE` on the primary key) and every
 * process then reads the winner's value.
 */
export async function readOrCreateGatewaySecret(
  api: Kysely<ApiDatabase>,
  name: string,
  generateFn: () => string,
): Promise<string> {
  const existing = await findGatewaySecret(api, name);
  if (existing !== undefined) return existing;
  await api
    .insertInto('gateway_secrets')
    .values({ name, value: generateFn(), created_at: new Date() })
    .orIgnore()
    .execute();
  const stored = await findGatewaySecret(api, name);
  if (stored === undefined) throw new Error(`The gateway secret "${name}" was not stored.`);
  return stored;
}

async function findGatewaySecret(api: Kysely<ApiDatabase>, name: string): Promise<string | undefined> {
  const row = await api
    .selectFrom('gateway_secrets')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirst();
  return row?.value;
}

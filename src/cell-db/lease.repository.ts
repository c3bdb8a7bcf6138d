import type { Kysely } from 'kysely';

import type { CellDatabase } from './cell-database.js';

/**
 * Takes or renews the named lease for `holder` for `leaseS` seconds; resolves to whether `holder` holds it now.
 *
 * One statement decides (`UPDATE ... WHERE lease_until < now OR holder = me`), so of several workers racing for
 * an expired lease exactly one wins. Keeps a periodic job, such as the message reaper, to one worker per cell.
 */
export async function acquireLease(
  db: Kysely<CellDatabase>,
  name: string,
  holder: string,
  leaseS: number,
  now = new Date(),
): Promise<boolean> {
  await db.insertInto('leases').ignore().values({ name, holder: null, lease_until: null }).execute();
  const until = new Date(now.getTime() + leaseS * 1000);
  const result = await db
    .updateTable('leases')
    .set({ holder, lease_until: until })
    .where('name', '=', name)
    .where((eb) =>
      eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now), eb('holder', '=', holder)]),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n || (await holderOf(db, name)) === holder;
}

/** Gives the lease up if `holder` holds it. */
export async function releaseLease(db: Kysely<CellDatabase>, name: string, holder: string): Promise<void> {
  await db
    .updateTable('leases')
    .set({ holder: null, lease_until: null })
    .where('name', '=', name)
    .where('holder', '=', holder)
    .execute();
}

async function holderOf(db: Kysely<CellDatabase>, name: string): Promise<string | null> {
  const row = await db.selectFrom('leases').select('holder').where('name', '=', name).executeTakeFirst();
  return row?.holder ?? null;
}

import { Kysely, MysqlDialect } from 'kysely';

import { BoundedPool, type BoundedPoolOptions } from './bounded-pool.js';

/** A Kysely instance together with the bounded pool under it. */
export interface OpenDatabase<DB> {
  readonly db: Kysely<DB>;
  readonly pool: BoundedPool;
}

/** The bounded pool under each Kysely instance `openDatabase` made (for `poolOf`). */
const POOLS = new WeakMap<object, BoundedPool>();

/**
 * Opens a database through a `BoundedPool`: every wait and query it runs is bounded. Kysely's own `MysqlDialect`
 * (transactions, savepoints, result mapping) runs on the bounded pool as it would on a mysql2 pool.
 */
export function openDatabase<DB>(options: BoundedPoolOptions): OpenDatabase<DB> {
  const pool = new BoundedPool(options);
  const db = new Kysely<DB>({ dialect: new MysqlDialect({ pool }) });
  POOLS.set(db, pool);
  return { db, pool };
}

/** The bounded pool under `db` when `openDatabase` made it; `undefined` for a transaction or any other Kysely. */
export function poolOf<DB>(db: Kysely<DB>): BoundedPool | undefined {
  return POOLS.get(db);
}

import { Kysely, MysqlDialect } from 'kysely';

import { BoundedPool, type BoundedPoolOptions } from './bounded-pool.js';

/** A Kysely instance together with the bounded pool under it. */
export interface OpenDatabase<DB> {
  readonly db: Kysely<DB>;
  readonly pool: BoundedPool;
}

/**
 * Opens a database through a `BoundedPool`: every wait and query it runs is bounded. Kysely's own `MysqlDialect`
 * (transactions, savepoints, result mapping) runs on the bounded pool as it would on a mysql2 pool.
 */
export function openDatabase<DB>(options: BoundedPoolOptions): OpenDatabase<DB> {
  const pool = new BoundedPool(options);
  return { db: new Kysely<DB>({ dialect: new MysqlDialect({ pool }) }), pool };
}

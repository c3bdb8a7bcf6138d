import { Kysely } from 'kysely';

import { BoundedMysqlDialect, BoundedPool, type BoundedPoolOptions } from './bounded-driver.js';

/** A Kysely instance together with the bounded pool under it. */
export interface OpenDatabase<DB> {
  readonly db: Kysely<DB>;
  readonly pool: BoundedPool;
}

/** Opens a database through a `BoundedPool`: every wait and query it runs is bounded. */
export function openDatabase<DB>(options: BoundedPoolOptions): OpenDatabase<DB> {
  const pool = new BoundedPool(options);
  return { db: new Kysely<DB>({ dialect: new BoundedMysqlDialect(pool) }), pool };
}

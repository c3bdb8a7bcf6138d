import type { Kysely } from 'kysely';

import type { BoundedPoolOptions, PoolStats } from '../database/bounded-pool.js';
import { openDatabase, type OpenDatabase } from '../database/open-database.js';
import type { CellMapping } from '../registry/cell-mapping.js';
import type { CellDatabase } from './cell-database.js';

/** Options of `CellConnections`: those of each cell's `BoundedPool`, same defaults; the label is the cell's name. */
export type CellConnectionsOptions = Omit<BoundedPoolOptions, 'url' | 'label'>;

/**
 * One bounded Kysely per cell database, opened on first use and reopened when a cell's URL changes.
 *
 * The only holder of cell pools; `destroyAll` closes every one of them.
 */
export class CellConnections {
  readonly #options: CellConnectionsOptions;
  readonly #open = new Map<string, { readonly url: string; readonly database: OpenDatabase<CellDatabase> }>();

  constructor(options: CellConnectionsOptions = {}) {
    this.#options = options;
  }

  /** The Kysely of `cell`'s database. */
  get(cell: CellMapping): Kysely<CellDatabase> {
    return this.#entry(cell).db;
  }

  /** Connection counts of `cell`'s pool (zeros if it was never opened). */
  stats(cell: CellMapping): PoolStats {
    return this.#open.get(cell.uuid)?.database.pool.stats() ?? { total: 0, busy: 0, waiting: 0 };
  }

  /** Connection counts of every open pool, by cell name (for `cellgate_cell_pool_connections`). */
  *poolStats(): Iterable<PoolStats & { readonly cell: string }> {
    for (const { database } of this.#open.values())
      yield { cell: database.pool.label, ...database.pool.stats() };
  }

  /** Closes every pool. */
  async destroyAll(): Promise<void> {
    const open = [...this.#open.values()];
    this.#open.clear();
    await Promise.all(open.map((entry) => entry.database.db.destroy()));
  }

  #entry(cell: CellMapping): OpenDatabase<CellDatabase> {
    const existing = this.#open.get(cell.uuid);
    if (existing && existing.url === cell.databaseUrl) return existing.database;
    if (existing) void existing.database.db.destroy();
    const database = openDatabase<CellDatabase>({
      ...this.#options,
      url: cell.databaseUrl,
      label: cell.name,
    });
    this.#open.set(cell.uuid, { url: cell.databaseUrl, database });
    return database;
  }
}

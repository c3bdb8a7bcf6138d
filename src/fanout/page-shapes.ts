import { LruMap } from '../util/lru-map.js';

/**
 * How many rows each cell gave to the last read of each page (a list's arguments and scope), so that reading the
 * same page again asks each cell for that many rows plus one in its first batch, or its share of the page if that is
 * more (`mergeAdaptively`'s `lastPageRows`): a page whose rows cluster in a few cells (names that carry their cell's
 * name, a project in one cell) is then read in one round instead of two, usually with fewer rows.
 *
 * Only batch sizes follow it, and the merge is exact for any sizes: an entry gone stale (rows created, deleted or
 * moved since) costs a round, never a row of the page. Per gateway process, like the breakers; at most
 * `maxEntries` pages, the least recently used dropped first.
 */
export class PageShapes {
  /** Page key → cell uuid → rows on the page (`limit + 1` merged rows). */
  readonly #entries: LruMap<string, ReadonlyMap<string, number>>;

  constructor(maxEntries = 1_000) {
    this.#entries = new LruMap(maxEntries);
  }

  /** The rows each cell gave to the last read of the page `key`, if it is remembered. */
  rowsByCell(key: string): ReadonlyMap<string, number> | undefined {
    return this.#entries.get(key);
  }

  /** Remembers what each answering cell gave to a read of the page `key`. */
  record(key: string, rowsByCell: ReadonlyMap<string, number>): void {
    this.#entries.set(key, rowsByCell);
  }
}

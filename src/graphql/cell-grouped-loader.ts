import DataLoader from 'dataloader';

import type { CellQuery, RequestFanout } from '../fanout/cell-fanout.js';
import type { CellMapping } from '../registry/cell-mapping.js';

/** A key of a cell-grouped loader: an id and the cell that holds it. */
export interface CellKey {
  readonly cellUuid: string;
  readonly id: string;
}

/**
 * Values by cell and id, one query per cell: keys are grouped by cell and each group is fetched with `fetchFn`
 * through the request's fan-out (deadline, breaker).
 *
 * Two ways in, one cache:
 *   - `load`: a DataLoader that answers all keys of one tick together (fields resolved one by one);
 *   - `prefetch`: the keys of a whole page at once, before its fields are resolved (the list resolver, when the
 *     query selects the field): `load` then answers those keys synchronously, with no promise and no batch per
 *     field, which a page of 100 pays for 100 times.
 * A cell that does not answer, or is unknown, gives `missing` for its keys: subfields of resources of an
 * unreachable cell are empty rather than errors, and the cell is reported as unreachable for the request.
 */
export class CellGroupedLoader<V> {
  readonly #fanout: RequestFanout;
  readonly #cells: readonly CellMapping[];
  readonly #fetchFn: (ids: readonly string[]) => CellQuery<Map<string, V>>;
  readonly #missing: V;
  /** What `prefetch` found, by cell uuid then id. */
  readonly #known = new Map<string, Map<string, V>>();
  readonly #loader: DataLoader<CellKey, V, string>;

  constructor(
    fanout: RequestFanout,
    cells: readonly CellMapping[],
    fetchFn: (ids: readonly string[]) => CellQuery<Map<string, V>>,
    missing: V,
  ) {
    this.#fanout = fanout;
    this.#cells = cells;
    this.#fetchFn = fetchFn;
    this.#missing = missing;
    this.#loader = new DataLoader<CellKey, V, string>(
      async (keys) => {
        const found = await this.#fetch(keys);
        return keys.map((key) => found.get(key.cellUuid)?.get(key.id) ?? missing);
      },
      { cacheKeyFn: (key) => `${key.cellUuid}:${key.id}`, maxBatchSize: 1_000 },
    );
  }

  /** The value of `key`: at once when `prefetch` fetched it, otherwise in this tick's batch. */
  load(key: CellKey): V | Promise<V> {
    const ofCell = this.#known.get(key.cellUuid);
    if (ofCell?.has(key.id)) return ofCell.get(key.id) as V; // may be `missing`, e.g. `null`
    return this.#loader.load(key);
  }

  /** Fetches `keys` (one query per cell, in parallel) so that `load` answers them at once. */
  async prefetch(keys: readonly CellKey[]): Promise<void> {
    const unknown = keys.filter((key) => !this.#known.get(key.cellUuid)?.has(key.id));
    if (unknown.length === 0) return;
    const found = await this.#fetch(unknown);
    for (const key of unknown) {
      let ofCell = this.#known.get(key.cellUuid);
      if (!ofCell) {
        ofCell = new Map();
        this.#known.set(key.cellUuid, ofCell);
      }
      ofCell.set(key.id, found.get(key.cellUuid)?.get(key.id) ?? this.#missing);
    }
  }

  /** One query per cell of `keys`, in parallel; what was found, by cell uuid then id. */
  async #fetch(keys: readonly CellKey[]): Promise<Map<string, Map<string, V>>> {
    const idsByCell = new Map<string, Set<string>>();
    for (const key of keys) {
      const ids = idsByCell.get(key.cellUuid);
      if (ids) ids.add(key.id);
      else idsByCell.set(key.cellUuid, new Set([key.id]));
    }
    const found = new Map<string, Map<string, V>>();
    await Promise.all(
      [...idsByCell].map(async ([cellUuid, ids]) => {
        const cell = this.#cells.find((candidate) => candidate.uuid === cellUuid);
        if (!cell) return;
        const outcome = await this.#fanout.query(cell, this.#fetchFn([...ids]));
        if (outcome.status === 'ok') found.set(cellUuid, outcome.value);
      }),
    );
    return found;
  }
}

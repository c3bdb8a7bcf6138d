import DataLoader from 'dataloader';

import type { CellQuery, RequestFanout } from '../fanout/cell-fanout.js';
import type { CellMapping } from '../registry/cell-mapping.js';

/** A key of a cell-grouped loader: an id and the cell that holds it. */
export interface CellKey {
  readonly cellUuid: string;
  readonly id: string;
}

/**
 * A DataLoader that answers all keys of one tick with one query per cell: keys are grouped by cell and each
 * group is fetched with `fetchFn` through the request's fan-out (deadline, breaker).
 *
 * A cell that does not answer, or is unknown, gives `missing` for its keys: subfields of resources of an
 * unreachable cell are empty rather than errors, and the cell is reported as unreachable for the request.
 */
export function createCellGroupedLoader<V>(
  fanout: RequestFanout,
  cells: readonly CellMapping[],
  fetchFn: (ids: readonly string[]) => CellQuery<Map<string, V>>,
  missing: V,
): DataLoader<CellKey, V, string> {
  return new DataLoader<CellKey, V, string>(
    async (keys) => {
      const idsByCell = new Map<string, string[]>();
      for (const key of keys) {
        const ids = idsByCell.get(key.cellUuid) ?? [];
        ids.push(key.id);
        idsByCell.set(key.cellUuid, ids);
      }
      const found = new Map<string, V>();
      await Promise.all(
        [...idsByCell].map(async ([cellUuid, ids]) => {
          const cell = cells.find((candidate) => candidate.uuid === cellUuid);
          if (!cell) return;
          const outcome = await fanout.query(cell, fetchFn([...new Set(ids)]));
          if (outcome.status !== 'ok') return;
          for (const [id, value] of outcome.value) found.set(`${cellUuid}:${id}`, value);
        }),
      );
      return keys.map((key) => found.get(`${key.cellUuid}:${key.id}`) ?? missing);
    },
    { cacheKeyFn: (key) => `${key.cellUuid}:${key.id}`, maxBatchSize: 1_000 },
  );
}

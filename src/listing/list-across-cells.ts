import type { CellOutcome } from '../fanout/cell-outcome.js';
import type { CellQuery, RequestFanout } from '../fanout/cell-fanout.js';
import type { CellMetrics } from '../fanout/cell-metrics.js';
import { isCell0, type CellMapping } from '../registry/cell-mapping.js';
import type { SortValue } from '../util/compare-values.js';
import { mergeAdaptively } from './adaptive-merge.js';
import { compareBy } from './merge-sorted.js';
import type { SortKey } from '../database/keyset.js';

/** A row together with the cell it came from. */
export interface CellRow<Row> {
  readonly row: Row;
  readonly cell: CellMapping;
}

/** Options of `listAcrossCells`. */
export interface ListAcrossCellsOptions<Row> {
  readonly fanout: RequestFanout;
  /** Counts the rows each cell returns (`cellgate_cell_rows_read_total`). */
  readonly metrics: Pick<CellMetrics, 'countRowsRead'>;
  readonly cells: readonly CellMapping[];
  readonly keys: readonly SortKey[];
  /** The page size. */
  readonly limit: number;
  /** The sort values of the list's marker (`after`), or `null` for the first page. */
  readonly marker: readonly SortValue[] | null;
  /**
   * Reads one batch of one cell: its rows matching the filters, strictly after `after` (sort values, one per key;
   * `null`: from the start), in the order of `keys`, at most `fetchLimit` of them, in one statement.
   */
  readonly fetch: (fetchLimit: number, after: readonly SortValue[] | null) => CellQuery<Row[]>;
  /** By cell uuid, the rows each cell gave to the last read of this page (`PageShapes`), where known. */
  readonly lastPageRows?: ReadonlyMap<string, number> | undefined;
}

/** One merged page and what each cell answered. */
export interface MergedPage<Row> {
  readonly rows: readonly CellRow<Row>[];
  /** Whether the answering cells hold more rows after this page. */
  readonly hasMore: boolean;
  /** One per cell, in the order of `cells`: `ok` with its rows on the page, or why it did not answer. */
  readonly outcomes: readonly CellOutcome<Row[]>[];
  /** By cell uuid, the rows each answering cell gave to the `limit + 1` merged rows (for `PageShapes`). */
  readonly pageRowsByCell: ReadonlyMap<string, number>;
}

/**
 * Lists rows across cells: small batches per cell in parallel, merged k-way by the sort keys, cut to `limit`
 * (`mergeAdaptively`: a next batch only from cells whose rows may still belong to the page).
 *
 * The page and `hasMore` are those of asking every cell for `limit + 1` rows: the global `limit + 1`-th row is
 * known once no cell may hold a row before it. A cell that does not answer any of its batches contributes no rows
 * at all, as if it had failed at once; the caller decides from `outcomes` what that means (constructs, skip, or
 * error). The keys must end with the id, so the order is total and "after a cell's last row" is exact.
 */
export async function listAcrossCells<Row extends object>(
  options: ListAcrossCellsOptions<Row>,
): Promise<MergedPage<Row>> {
  const { fanout, metrics, cells, keys, limit, marker } = options;
  const compare = compareBy<CellRow<Row>>(
    keys,
    (entry, column) => (entry.row as Record<string, SortValue>)[column] ?? null,
  );
  const failures = new Map<number, CellOutcome<Row[]>>();
  // A first batch depends only on its size (every cell starts after the marker): cells asked for the same size share
  // one query, so its statement is built once (`fetch` may compile once, `cell-db/compiled-once.repository.ts`).
  const firstBatches = new Map<number, CellQuery<Row[]>>();
  const firstBatch = (size: number) => {
    let query = firstBatches.get(size);
    if (!query) {
      query = options.fetch(size, marker);
      firstBatches.set(size, query);
    }
    return query;
  };
  const result = await mergeAdaptively<CellRow<Row>>({
    cellCount: cells.length,
    sparseCells: new Set(cells.flatMap((cell, index) => (isCell0(cell) ? [index] : []))),
    lastPageRows: options.lastPageRows && cells.map((cell) => options.lastPageRows!.get(cell.uuid)),
    limit,
    compare,
    fetchBatchFn: async (index, size, after) => {
      const cell = cells[index]!;
      const query =
        after === null
          ? firstBatch(size)
          : options.fetch(
              size,
              keys.map((key) => sortValueOf(after.row, key.column)),
            );
      const outcome = await fanout.query(cell, query);
      if (outcome.status !== 'ok') {
        failures.set(index, outcome);
        return undefined;
      }
      metrics.countRowsRead(cell.name, outcome.value.length);
      return outcome.value.map((row) => ({ row, cell }));
    },
  });
  const rowsByCell = new Map<CellMapping, Row[]>();
  for (const { row, cell } of result.rows) {
    const rows = rowsByCell.get(cell);
    if (rows) rows.push(row);
    else rowsByCell.set(cell, [row]);
  }
  const outcomes = cells.map(
    (cell, index): CellOutcome<Row[]> =>
      failures.get(index) ?? { status: 'ok', cell, value: rowsByCell.get(cell) ?? [] },
  );
  const pageRowsByCell = new Map<string, number>();
  cells.forEach((cell, index) => {
    if (result.isAnswered[index]) pageRowsByCell.set(cell.uuid, rowsByCell.get(cell)?.length ?? 0);
  });
  return {
    rows: result.rows.slice(0, limit),
    hasMore: result.rows.length > limit,
    outcomes,
    pageRowsByCell,
  };
}

function sortValueOf(row: object, column: string): SortValue {
  return (row as Record<string, SortValue>)[column] ?? null;
}

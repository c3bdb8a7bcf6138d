import type { CellOutcome } from '../fanout/cell-outcome.js';
import type { CellQuery, RequestFanout } from '../fanout/cell-fanout.js';
import type { CellMapping } from '../registry/cell-mapping.js';
import type { SortValue } from '../util/compare-values.js';
import { compareBy, mergeSorted } from './merge-sorted.js';
import type { SortKey } from '../database/keyset.js';

/** A row together with the cell it came from. */
export interface CellRow<Row> {
  readonly row: Row;
  readonly cell: CellMapping;
}

/** Options of `listAcrossCells`. */
export interface ListAcrossCellsOptions<Row> {
  readonly fanout: RequestFanout;
  readonly cells: readonly CellMapping[];
  readonly keys: readonly SortKey[];
  /** The page size. */
  readonly limit: number;
  /**
   * Reads one cell: its rows matching the filters, after the marker, in the order of `keys`, at most `fetchLimit`
   * of them (one query per cell: constant cost whatever the page size).
   */
  readonly fetch: (fetchLimit: number) => CellQuery<Row[]>;
}

/** One merged page and what each cell answered. */
export interface MergedPage<Row> {
  readonly rows: readonly CellRow<Row>[];
  /** Whether the answering cells hold more rows after this page. */
  readonly hasMore: boolean;
  readonly outcomes: readonly CellOutcome<Row[]>[];
}

/**
 * Lists rows across cells: one query per cell in parallel, each asked for `limit + 1` rows, merged k-way by the
 * sort keys, cut to `limit`.
 *
 * Asking every cell for `limit + 1` rows is enough: the global `limit + 1`-th row is among the first `limit + 1`
 * of its own cell, so `hasMore` is exact for the cells that answered. Cells that did not answer contribute no
 * rows; the caller decides from `outcomes` what that means (constructs, skip, or error).
 */
export async function listAcrossCells<Row extends object>(
  options: ListAcrossCellsOptions<Row>,
): Promise<MergedPage<Row>> {
  const { fanout, cells, keys, limit } = options;
  const outcomes = await fanout.scatterGather(cells, options.fetch(limit + 1));
  const lists = outcomes.map((outcome) =>
    outcome.status === 'ok' ? outcome.value.map((row) => ({ row, cell: outcome.cell })) : [],
  );
  const merged = mergeSorted(
    lists,
    compareBy<CellRow<Row>>(
      keys,
      (entry, column) => (entry.row as Record<string, SortValue>)[column] ?? null,
    ),
    limit + 1,
  );
  return { rows: merged.slice(0, limit), hasMore: merged.length > limit, outcomes };
}

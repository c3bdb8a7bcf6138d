import { mergeSorted } from './merge-sorted.js';

/** What `mergeAdaptively` asks of one cell: up to `size` rows strictly after `after` (`null`: from the start). */
export type FetchBatchFn<T> = (
  cell: number,
  size: number,
  after: T | null,
) => Promise<readonly T[] | undefined>;

/** What a batch size is chosen from (for `batchSizeFn`). */
export interface BatchPlan {
  readonly round: number;
  readonly cell: number;
  /** The size `mergeAdaptively` would ask for. */
  readonly size: number;
  /** The most rows this cell can still add to the page: asking more only reads rows past the cut. */
  readonly maxUseful: number;
}

/** Options of `mergeAdaptively`. */
export interface AdaptiveMergeOptions<T> {
  readonly cellCount: number;
  /** The page size; `limit + 1` rows are merged so that "is there more?" is exact. */
  readonly limit: number;
  /** A total order (the sort keys end with the id), the order each cell returns its rows in. */
  readonly compare: (a: T, b: T) => number;
  /** Reads one batch of one cell; `undefined` when the cell did not answer. */
  readonly fetchBatchFn: FetchBatchFn<T>;
  /**
   * Cells expected to hold few of the rows (cell0, which holds only the requests no host could take): each is asked
   * for `sparseFirstBatchSize` rows first while the other cells share the page between them. A wrong guess costs
   * another round, never a row.
   */
  readonly sparseCells?: ReadonlySet<number>;
  /**
   * Per cell, the rows it gave to the last merge of the same page, where known (`PageShapes`): its first batch is
   * that many plus one (so that, if nothing changed, its last row sorts past the cut and the page takes one round)
   * when that is more than its share of the page.
   */
  readonly lastPageRows?: readonly (number | undefined)[] | undefined;
  /** Overrides the batch sizes (property tests: any size ≥ 1 must give the same page). */
  readonly batchSizeFn?: (plan: BatchPlan) => number;
}

/** The merged page and what it cost. */
export interface AdaptiveMergeResult<T> {
  /** The first `limit + 1` rows of the answering cells, merged (fewer when they hold fewer). */
  readonly rows: readonly T[];
  /** Per cell: whether every batch it was asked for was answered. */
  readonly isAnswered: readonly boolean[];
  readonly rounds: number;
  readonly rowsRead: number;
}

/**
 * The round from which an open cell is asked for all it may still add to the page, so that a list costs each cell
 * at most this many statements, whatever the page size (a cell that fails later can reopen others: one more).
 */
export const LAST_ROUND = 4;

/**
 * The first batch size of each of `cellCount` cells for a page of `limit`: its share of `limit + 1` rows plus two
 * standard deviations, plus one (rows spread at random across cells then fit in one round trip, usually), capped
 * at `1.3 × limit / cells + 1` and at least 2, so the first round reads at most `1.3 × limit + cells` rows in all
 * (or 2 a cell for pages smaller than the cells), which leaves room under issue 11's goal (`1.5 × limit +
 * 2 × cells` per page) for the small later rounds.
 *
 * Nova's `distributed` strategy asks `limit / cells × 1.1`, at least 100: at 41 cells that minimum alone is 4,100
 * rows for a page of 100, the cost this replaces. The constants were tuned by simulation (random and skewed data,
 * 2 to 41 cells, pages of 1 to 1,000).
 */
export function firstBatchSize(limit: number, cellCount: number): number {
  const cells = Math.max(cellCount, 1);
  const share = (limit + 1) / cells;
  const spread = Math.ceil(share + 2 * Math.sqrt(share)) + 1;
  const cap = Math.floor((1.3 * limit) / cells) + 1;
  return Math.max(2, Math.min(spread, cap));
}

/**
 * The first batch of a sparse cell (cell0) when the other cells are asked for `firstBatchSize(limit, dense)`: a
 * quarter of theirs, at least 2. Without it, a page of 100 over cell0 and two populated cells asked each for 44
 * rows, 88 in all, and always took three rounds (nine statements against five, with the faults).
 */
export function sparseFirstBatchSize(limit: number, denseCells: number): number {
  return Math.max(2, Math.ceil(firstBatchSize(limit, denseCells) / 4));
}

/**
 * The next batch size of an open cell: as many rows as its rate so far predicts for the rest of the page (rows of
 * this cell among the merged rows up to its last row, times what the page may still take after it), discounted
 * since the rate of a cell that filled its batch is biased high, plus one, and never more than `maxUseful` (a short
 * guess costs one more small round; a long one reads rows past the cut).
 *
 * The discount is 40% for a cell of a low rate and shrinks to none as the rate nears 1: a cell that holds nearly
 * every merged row so far (a project's servers in one cell, names that cluster in one cell) is then asked for about
 * all it may still add, and a page of 20 sorted by name whose first rows are all in one of 41 cells takes two
 * rounds instead of four, for no more rows read. (A flat 40% was tuned on random data, where rates are low; by
 * simulation, interleaved rows read the same, clustered and Zipf-skewed ones 0–15% more in 10–50% fewer rounds.)
 */
function nextBatchSize(rowsOfCell: number, mergedUpToLast: number, maxUseful: number): number {
  const rate = rowsOfCell / mergedUpToLast;
  return Math.min(maxUseful, Math.ceil((0.6 + 0.4 * rate) * rate * maxUseful) + 1);
}

/**
 * Merges the first `limit + 1` rows across cells by asking each cell for small batches, and a next batch only from
 * the cells whose rows may still belong to the page: the result is the same as asking every cell for `limit + 1`
 * rows and merging, for any batch sizes.
 *
 *   1. Every cell is asked for `firstBatchSize` rows (shared among the cells not in `sparseCells`; those get
 *      `sparseFirstBatchSize`; a cell with more `lastPageRows` gets those plus one), in parallel.
 *   2. The answers are merged; the cut is the `limit + 1`-th row, if there are that many.
 *   3. A cell is open when its last batch was full (it may hold more) and its last row sorts before the cut (its
 *      next rows may sort before the cut too). A cell whose last row is at or past the cut has nothing more for
 *      the page, since its next rows sort after its last; a short batch means it has nothing more at all.
 *   4. While cells are open, each open cell is asked, in parallel, for the rows strictly after its last row: at
 *      most `limit + 1 − (rows merged up to its last row)` (more could not make the page), and about as many as
 *      its rate so far predicts (`nextBatchSize`), or, from `LAST_ROUND` on, all it may still add (which closes
 *      it). Then back to 2.
 * A cell that does not answer a batch, in any round, counts as not answered at all: its earlier rows are dropped
 * (as if it had failed in the first round) and the cut is recomputed, which may reopen other cells.
 */
export async function mergeAdaptively<T>(options: AdaptiveMergeOptions<T>): Promise<AdaptiveMergeResult<T>> {
  const { cellCount, limit, compare, fetchBatchFn, batchSizeFn } = options;
  const pageRows = limit + 1;
  const sparse = options.sparseCells ?? new Set<number>();
  const denseCells = Math.max(1, cellCount - sparse.size);
  const denseFirst = firstBatchSize(limit, denseCells);
  const sparseFirst = sparseFirstBatchSize(limit, denseCells);
  const cells = Array.from({ length: cellCount }, () => ({
    rows: [] as T[],
    isExhausted: false,
    isAnswered: true,
  }));
  let asks = cells.map((_, cell) => {
    const share = sparse.has(cell) ? sparseFirst : denseFirst;
    const lastRows = options.lastPageRows?.[cell];
    // Never less than its share: the cells asked for the same size share one built statement
    // (`listing/list-across-cells.ts`), and a cell that gave few rows last time may give more now.
    const size = lastRows === undefined ? share : Math.max(share, Math.min(pageRows, lastRows + 1));
    return { cell, size, maxUseful: pageRows };
  });
  let rounds = 0;
  let rowsRead = 0;
  for (;;) {
    rounds += 1;
    const round = rounds;
    await Promise.all(
      asks.map(async (ask) => {
        const state = cells[ask.cell]!;
        const size = Math.max(1, Math.floor(batchSizeFn?.({ round, ...ask }) ?? ask.size));
        const after = state.rows.length > 0 ? state.rows[state.rows.length - 1]! : null;
        const batch = await fetchBatchFn(ask.cell, size, after);
        if (batch === undefined) {
          state.isAnswered = false;
          state.rows = [];
          return;
        }
        rowsRead += batch.length;
        for (const row of batch) state.rows.push(row);
        if (batch.length < size) state.isExhausted = true;
      }),
    );
    const merged = mergeSorted(
      cells.map((state) => (state.isAnswered ? state.rows : [])),
      compare,
      pageRows,
    );
    const cut = merged.length === pageRows ? merged[pageRows - 1] : undefined;
    const open = cells.flatMap((state, cell) => {
      if (!state.isAnswered || state.isExhausted) return [];
      const last = state.rows[state.rows.length - 1]!;
      return cut === undefined || compare(last, cut) < 0 ? [{ cell, last }] : [];
    });
    if (open.length === 0) {
      return { rows: merged, isAnswered: cells.map((state) => state.isAnswered), rounds, rowsRead };
    }
    asks = open.map(({ cell, last }) => {
      const upToLast = countUpTo(merged, last, compare);
      const maxUseful = pageRows - upToLast;
      // The last round asks for all a cell may still add, which closes it: a bounded number of statements.
      const size =
        round + 1 >= LAST_ROUND ? maxUseful : nextBatchSize(cells[cell]!.rows.length, upToLast, maxUseful);
      return { cell, size, maxUseful };
    });
  }
}

/** How many rows of the sorted `rows` sort at or before `row` (binary search). */
function countUpTo<T>(rows: readonly T[], row: T, compare: (a: T, b: T) => number): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (compare(rows[middle]!, row) <= 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

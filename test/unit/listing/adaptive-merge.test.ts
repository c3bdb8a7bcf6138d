import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { afterPredicate, evaluatePredicate, type SortKey } from '../../../src/database/keyset.js';
import {
  firstBatchSize,
  LAST_ROUND,
  mergeAdaptively,
  sparseFirstBatchSize,
} from '../../../src/listing/adaptive-merge.js';
import { compareBy } from '../../../src/listing/merge-sorted.js';
import type { SortValue } from '../../../src/util/compare-values.js';

type Row = Readonly<Record<string, SortValue>>;

/** A `fetchBatchFn` over cells of ascending positions: up to `size` positions after `after`. */
const batchesOf =
  (cells: readonly (readonly number[])[]) =>
  async (cell: number, size: number, after: number | null): Promise<readonly number[]> =>
    cells[cell]!.filter((position) => after === null || position > after).slice(0, size);

/** `count` empty cells of positions. */
const emptyCells = (count: number): number[][] => Array.from({ length: count }, () => []);

/** Puts the positions `from` to `to` (excluded), in order, each in one of `cells` at random (seeded); returns `cells`. */
function scatter(cells: number[][], from: number, to: number, seed: number): number[][] {
  let state = seed;
  const random = () => (state = (state * 48_271) % 2_147_483_647) / 2_147_483_647;
  for (let position = from; position < to; position++)
    cells[Math.floor(random() * cells.length)]!.push(position);
  return cells;
}

/** Few distinct values and NULLs per column (one type each, as in SQL), so most sort keys tie and the id decides. */
const nullable = <T>(values: readonly T[]) => fc.oneof(fc.constant(null), fc.constantFrom(...values));
const text = nullable(['a', 'b', 'B', 'c']);
const count = nullable([0, 1, 2, 3]);
const time = nullable([new Date('2026-01-01T00:00:00.000Z'), new Date('2026-01-01T00:00:00.001Z')]);
const sortKey = fc.record({
  column: fc.constantFrom('x', 'y', 'z'),
  direction: fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
});

/** A list's setting: cells of random rows, a sort ending with the id, a page size and a marker. */
const listCase = fc
  .record({
    cells: fc.array(fc.array(fc.record({ x: text, y: count, z: time }), { maxLength: 40 }), {
      minLength: 1,
      maxLength: 8,
    }),
    keys: fc.uniqueArray(sortKey, { selector: (key) => key.column, maxLength: 3 }),
    idDirection: fc.constantFrom<'asc' | 'desc'>('asc', 'desc'),
    limit: fc.integer({ min: 0, max: 60 }),
    markerIndex: fc.option(fc.nat(), { nil: undefined }),
  })
  .map((setting) => {
    let next = 0;
    const cells = setting.cells.map((rows, cell) =>
      rows.map((row): Row => ({ ...row, id: `${String((next++ * 7919) % 1000).padStart(3, '0')}-${cell}` })),
    );
    const keys: SortKey[] = [...setting.keys, { column: 'id', direction: setting.idDirection }];
    const compare = compareBy<Row>(keys, (row, column) => row[column] ?? null);
    for (const rows of cells) rows.sort(compare);
    const all = cells.flat();
    const marker =
      setting.markerIndex === undefined || all.length === 0
        ? null
        : keys.map((key) => all[setting.markerIndex! % all.length]![key.column] ?? null);
    return { cells, keys, compare, limit: setting.limit, marker };
  });

/** A fake cell: its rows strictly after `after` by the keyset predicate (as the SQL does), at most `size`. */
function readBatch(
  rows: readonly Row[],
  keys: readonly SortKey[],
  size: number,
  after: readonly SortValue[] | null,
) {
  const predicate = after === null ? null : afterPredicate(keys, after);
  return rows.filter((row) => predicate === null || evaluatePredicate(predicate, row)).slice(0, size);
}

/** A `fetchBatchFn` over a setting's cells: a first batch starts after the marker, a later one after its last row. */
const fetchFrom =
  (setting: { cells: Row[][]; keys: SortKey[]; marker: readonly SortValue[] | null }) =>
  async (cell: number, size: number, after: Row | null) =>
    readBatch(
      setting.cells[cell]!,
      setting.keys,
      size,
      after === null ? setting.marker : setting.keys.map((key) => after[key.column] ?? null),
    );

/** What asking every answering cell for everything after the marker and sorting would give. */
function bruteForce(
  setting: {
    cells: Row[][];
    keys: SortKey[];
    compare: (a: Row, b: Row) => number;
    limit: number;
    marker: readonly SortValue[] | null;
  },
  answering: (cell: number) => boolean,
) {
  return setting.cells
    .flatMap((rows, cell) =>
      answering(cell) ? readBatch(rows, setting.keys, Number.MAX_SAFE_INTEGER, setting.marker) : [],
    )
    .sort(setting.compare)
    .slice(0, setting.limit + 1);
}

describe('mergeAdaptively', () => {
  it('gives the page of a brute-force merge for any data, sort, marker and batch sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        listCase,
        fc.infiniteStream(fc.integer({ min: 1, max: 12 })),
        async (setting, sizes) => {
          const sizeOf = sizes[Symbol.iterator]();
          const result = await mergeAdaptively<Row>({
            cellCount: setting.cells.length,
            limit: setting.limit,
            compare: setting.compare,
            fetchBatchFn: fetchFrom(setting),
            batchSizeFn: () => sizeOf.next().value as number,
          });
          expect(result.rows).toEqual(bruteForce(setting, () => true));
          expect(result.isAnswered.every(Boolean)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('gives the same page with its own batch sizes, any cells sparse, in at most LAST_ROUND rounds', async () => {
    await fc.assert(
      fc.asyncProperty(listCase, fc.uniqueArray(fc.nat(7)), async (setting, sparse) => {
        const result = await mergeAdaptively<Row>({
          cellCount: setting.cells.length,
          sparseCells: new Set(sparse),
          limit: setting.limit,
          compare: setting.compare,
          fetchBatchFn: fetchFrom(setting),
        });
        expect(result.rows).toEqual(bruteForce(setting, () => true));
        expect(result.rounds).toBeLessThanOrEqual(LAST_ROUND);
      }),
      { numRuns: 400 },
    );
  });

  it('drops every row of a cell that fails in any round, as if it had failed in the first', async () => {
    await fc.assert(
      fc.asyncProperty(
        listCase,
        fc.infiniteStream(fc.integer({ min: 1, max: 12 })),
        fc.infiniteStream(fc.integer({ min: 0, max: 5 })),
        async (setting, sizes, dice) => {
          const sizeOf = sizes[Symbol.iterator]();
          const die = dice[Symbol.iterator]();
          const failed = new Set<number>();
          const result = await mergeAdaptively<Row>({
            cellCount: setting.cells.length,
            limit: setting.limit,
            compare: setting.compare,
            fetchBatchFn: async (cell, size, after) => {
              // One batch in six fails, in whichever round it comes.
              if (die.next().value === 0) {
                failed.add(cell);
                return undefined;
              }
              return fetchFrom(setting)(cell, size, after);
            },
            batchSizeFn: () => sizeOf.next().value as number,
          });
          expect(result.rows).toEqual(bruteForce(setting, (cell) => !failed.has(cell)));
          expect(result.isAnswered).toEqual(setting.cells.map((_, cell) => !failed.has(cell)));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('gives the same page whatever rows each cell gave to the last page (lastPageRows)', async () => {
    await fc.assert(
      fc.asyncProperty(
        listCase,
        fc.array(fc.option(fc.nat(70), { nil: undefined }), { maxLength: 8 }),
        async (setting, lastPageRows) => {
          const result = await mergeAdaptively<Row>({
            cellCount: setting.cells.length,
            limit: setting.limit,
            compare: setting.compare,
            lastPageRows,
            fetchBatchFn: fetchFrom(setting),
          });
          expect(result.rows).toEqual(bruteForce(setting, () => true));
          expect(result.rounds).toBeLessThanOrEqual(LAST_ROUND);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('reads a page again in one round, for no more rows, when told what each cell gave to it last time', async () => {
    // A page of 20 whose rows sit in two of 41 cells (as names that carry their cell's name cluster).
    const cells = emptyCells(41);
    for (let position = 0; position < 60; position++) cells[position % 2 === 0 ? 5 : 9]!.push(position);
    scatter(cells, 60, 41 * 300, 7);
    const options = { cellCount: 41, limit: 20, compare: (a: number, b: number) => a - b };
    const first = await mergeAdaptively<number>({ ...options, fetchBatchFn: batchesOf(cells) });
    const lastPageRows = cells.map((rows) => rows.filter((position) => first.rows.includes(position)).length);

    const again = await mergeAdaptively<number>({ ...options, lastPageRows, fetchBatchFn: batchesOf(cells) });

    expect(again.rows).toEqual(first.rows);
    expect(first.rounds).toBeGreaterThan(1);
    expect(again.rounds).toBe(1);
    expect(again.rowsRead).toBeLessThanOrEqual(first.rowsRead);
  });

  it('reads a page of 100 from 41 cells of interleaved rows in at most 1.5 × 100 + 2 × 41 rows', async () => {
    for (let seed = 1; seed <= 20; seed++) {
      const cells = scatter(emptyCells(41), 0, 41 * 300, seed);
      const result = await mergeAdaptively<number>({
        cellCount: 41,
        limit: 100,
        compare: (a, b) => a - b,
        fetchBatchFn: batchesOf(cells),
      });
      expect(result.rows).toEqual(Array.from({ length: 101 }, (_, position) => position));
      expect(result.rowsRead).toBeLessThanOrEqual(1.5 * 100 + 2 * 41);
    }
  });

  it('reads a page of 20 from 41 cells in two rounds when one cell holds all its first rows', async () => {
    const cells = emptyCells(41);
    for (let position = 0; position < 60; position++) cells[5]!.push(position);
    scatter(cells, 60, 41 * 300, 7);
    const result = await mergeAdaptively<number>({
      cellCount: 41,
      limit: 20,
      compare: (a, b) => a - b,
      fetchBatchFn: batchesOf(cells),
    });
    expect(result.rows).toEqual(Array.from({ length: 21 }, (_, position) => position));
    expect(result.rounds).toBe(2);
    expect(result.rowsRead).toBeLessThanOrEqual(1.5 * 20 + 2 * 41);
  });

  it('reads a page of 100 from an empty cell0 and two cells of interleaved rows in one round trip', async () => {
    const cells: number[][] = [[], [], []];
    for (let position = 0; position < 600; position++) cells[1 + (position % 2)]!.push(position);
    const asked: number[] = [];
    const result = await mergeAdaptively<number>({
      cellCount: 3,
      sparseCells: new Set([0]),
      limit: 100,
      compare: (a, b) => a - b,
      fetchBatchFn: async (cell, size, after) => {
        asked.push(size);
        return batchesOf(cells)(cell, size, after);
      },
    });
    expect(result.rows).toEqual(Array.from({ length: 101 }, (_, position) => position));
    expect(result.rounds).toBe(1);
    expect(asked).toEqual([sparseFirstBatchSize(100, 2), firstBatchSize(100, 2), firstBatchSize(100, 2)]);
    expect(result.rowsRead).toBeLessThanOrEqual(1.5 * 100 + 2 * 3);
  });

  it('still reads at most 1.5 × 100 + 2 × 41 rows from 41 cells when cell0 is sparse', async () => {
    const cells: number[][] = Array.from({ length: 41 }, () => []);
    for (let position = 0; position < 40 * 300; position++) cells[1 + (position % 40)]!.push(position);
    const result = await mergeAdaptively<number>({
      cellCount: 41,
      sparseCells: new Set([0]),
      limit: 100,
      compare: (a, b) => a - b,
      fetchBatchFn: batchesOf(cells),
    });
    expect(result.rows).toEqual(Array.from({ length: 101 }, (_, position) => position));
    expect(result.rowsRead).toBeLessThanOrEqual(1.5 * 100 + 2 * 41);
  });

  it('answers in one round trip when each cell holds fewer rows than its first batch', async () => {
    const cells = [
      [1, 4, 7],
      [2, 5],
      [3, 6, 8, 9],
    ];
    const asked: number[] = [];
    const result = await mergeAdaptively<number>({
      cellCount: 3,
      limit: 20,
      compare: (a, b) => a - b,
      fetchBatchFn: async (cell, size) => {
        asked.push(size);
        return cells[cell]!.slice(0, size);
      },
    });
    expect(result).toEqual({
      rows: [1, 2, 3, 4, 5, 6, 7, 8, 9],
      isAnswered: [true, true, true],
      rounds: 1,
      rowsRead: 9,
    });
    expect(asked).toEqual([firstBatchSize(20, 3), firstBatchSize(20, 3), firstBatchSize(20, 3)]);
  });
});

describe('firstBatchSize', () => {
  it('asks each cell for its share and a margin, in all at most 1.3 × the page + the cells, or 2 rows a cell', () => {
    expect(firstBatchSize(100, 1)).toBe(123);
    expect(firstBatchSize(1000, 2)).toBe(547);
    expect(firstBatchSize(100, 41)).toBe(4);
    expect(firstBatchSize(1, 41)).toBe(2);
    for (const [limit, cells] of [
      [100, 41],
      [20, 41],
      [1000, 41],
      [100, 11],
      [20, 3],
      [0, 5],
    ] as const) {
      expect(firstBatchSize(limit, cells) * cells).toBeLessThanOrEqual(
        Math.max(1.3 * limit + cells, 2 * cells),
      );
    }
  });
});

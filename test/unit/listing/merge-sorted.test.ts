import { describe, expect, it } from 'vitest';

import { compareBy, mergeSorted } from '../../../src/listing/merge-sorted.js';

describe('mergeSorted', () => {
  const byNumber = (a: number, b: number) => a - b;

  it('merges sorted lists into one sorted list', () => {
    expect(mergeSorted([[1, 4, 9], [2, 3, 10], [], [0, 5]], byNumber)).toEqual([0, 1, 2, 3, 4, 5, 9, 10]);
  });

  it('stops at the limit', () => {
    expect(
      mergeSorted(
        [
          [1, 4, 9],
          [2, 3, 10],
        ],
        byNumber,
        3,
      ),
    ).toEqual([1, 2, 3]);
  });

  it('keeps ties in the order of the lists', () => {
    const lists = [
      [{ k: 1, from: 'a' }],
      [{ k: 1, from: 'b' }],
      [
        { k: 0, from: 'c' },
        { k: 1, from: 'c' },
      ],
    ];
    expect(mergeSorted(lists, (x, y) => x.k - y.k).map((item) => item.from)).toEqual(['c', 'a', 'b', 'c']);
  });

  it('matches a full sort on many random lists', () => {
    let seed = 7;
    const next = () => (seed = (seed * 48_271) % 2_147_483_647);
    const lists = Array.from({ length: 9 }, () =>
      Array.from({ length: next() % 40 }, () => next() % 1000).sort(byNumber),
    );
    expect(mergeSorted(lists, byNumber)).toEqual(lists.flat().sort(byNumber));
  });
});

describe('compareBy', () => {
  it('orders by each key in turn, descending keys reversed, NULL first when ascending', () => {
    const compare = compareBy<Record<string, string | null>>(
      [
        { column: 'a', direction: 'asc' },
        { column: 'b', direction: 'desc' },
      ],
      (row, column) => row[column] ?? null,
    );
    const rows = [
      { a: 'x', b: '1' },
      { a: null, b: '1' },
      { a: 'x', b: '2' },
      { a: 'x', b: null },
    ];
    expect([...rows].sort(compare)).toEqual([
      { a: null, b: '1' },
      { a: 'x', b: '2' },
      { a: 'x', b: '1' },
      { a: 'x', b: null },
    ]);
  });
});

import { describe, expect, it } from 'vitest';

import { afterPredicate, evaluatePredicate, type SortKey } from '../../../src/database/keyset.js';
import { compareBy } from '../../../src/listing/merge-sorted.js';
import type { SortValue } from '../../../src/util/compare-values.js';

type Row = Record<string, SortValue>;

/** A small deterministic generator, so failures reproduce. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

function rows(count: number, next: () => number): Row[] {
  const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)]!;
  return Array.from({ length: count }, (_, i) => ({
    created_at: pick([new Date('2026-01-01T00:00:00.000Z'), new Date('2026-01-02T00:00:00.000Z'), null]),
    name: pick(['alpha', 'Beta', 'beta', 'gamma', null, '']),
    size: pick([1, 2, 10, null]),
    uuid: `id-${String(i).padStart(4, '0')}`,
  }));
}

describe('afterPredicate', () => {
  const orders: SortKey[][] = [
    [
      { column: 'created_at', direction: 'desc' },
      { column: 'uuid', direction: 'desc' },
    ],
    [
      { column: 'name', direction: 'asc' },
      { column: 'uuid', direction: 'asc' },
    ],
    [
      { column: 'name', direction: 'asc' },
      { column: 'size', direction: 'desc' },
      { column: 'uuid', direction: 'asc' },
    ],
    [
      { column: 'size', direction: 'desc' },
      { column: 'created_at', direction: 'asc' },
      { column: 'uuid', direction: 'desc' },
    ],
    // An explicit server sort: Nova's tie-breaker `uuid asc` after a descending key.
    [
      { column: 'name', direction: 'desc' },
      { column: 'uuid', direction: 'asc' },
    ],
  ];

  it.each(orders.map((keys) => [keys.map((k) => `${k.column} ${k.direction}`).join(', '), keys] as const))(
    'selects exactly the rows after the marker for %s (ties, nulls, mixed directions)',
    (_name, keys) => {
      const next = random(42);
      const data = rows(60, next);
      const compare = compareBy<Row>(keys, (row, column) => row[column] ?? null);
      for (const marker of data) {
        const predicate = afterPredicate(
          keys,
          keys.map((key) => marker[key.column] ?? null),
        );
        const selected = data.filter((row) => evaluatePredicate(predicate, row)).map((row) => row.uuid);
        const expected = data.filter((row) => compare(row, marker) > 0).map((row) => row.uuid);
        expect(selected).toEqual(expected);
      }
    },
  );

  it('after a NULL in a descending key, only ties on that key may follow', () => {
    const keys: SortKey[] = [
      { column: 'name', direction: 'desc' },
      { column: 'uuid', direction: 'desc' },
    ];
    const predicate = afterPredicate(keys, [null, 'm']);
    expect(evaluatePredicate(predicate, { name: null, uuid: 'a' })).toBe(true);
    expect(evaluatePredicate(predicate, { name: null, uuid: 'z' })).toBe(false);
    expect(evaluatePredicate(predicate, { name: 'a', uuid: 'a' })).toBe(false);
  });

  it('after a NULL in an ascending key, every non-NULL value follows', () => {
    const keys: SortKey[] = [
      { column: 'name', direction: 'asc' },
      { column: 'uuid', direction: 'asc' },
    ];
    const predicate = afterPredicate(keys, [null, 'm']);
    expect(evaluatePredicate(predicate, { name: '', uuid: 'a' })).toBe(true);
    expect(evaluatePredicate(predicate, { name: null, uuid: 'n' })).toBe(true);
    expect(evaluatePredicate(predicate, { name: null, uuid: 'a' })).toBe(false);
  });

  it('refuses a marker with the wrong number of values', () => {
    expect(() => afterPredicate([{ column: 'uuid', direction: 'asc' }], [])).toThrow(
      'one value per sort key',
    );
  });
});

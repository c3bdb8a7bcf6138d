import { sql, type RawBuilder, type SqlBool } from 'kysely';

import { compareValues, type SortValue } from '../util/compare-values.js';

/** One key of a resolved sort: a column and a direction. */
export interface SortKey {
  readonly column: string;
  readonly direction: 'asc' | 'desc';
}

/** A row condition as data, so the same condition runs in SQL and, in tests, in JS. */
export type Predicate =
  | { readonly kind: 'or'; readonly items: readonly Predicate[] }
  | { readonly kind: 'and'; readonly items: readonly Predicate[] }
  | {
      readonly kind: 'compare';
      readonly column: string;
      readonly op: '>' | '<' | '<=>';
      readonly value: SortValue;
    }
  | { readonly kind: 'is-null' | 'is-not-null'; readonly column: string }
  | { readonly kind: 'false' };

/**
 * The keyset ("seek") condition: rows that come strictly after `values` in the order `keys`.
 *
 * Lexicographic over the keys: `k1 after v1 OR (k1 = v1 AND k2 after v2) OR ...`, with null-safe equality
 * (`<=>`) and MySQL's order of NULL (first when ascending, last when descending), which `compareValues`
 * reproduces. With the id as last key the order is total, so the condition selects exactly the rows after the
 * marker in every cell, whichever cell the marker came from.
 */
export function afterPredicate(keys: readonly SortKey[], values: readonly SortValue[]): Predicate {
  if (keys.length !== values.length) throw new Error('A marker needs one value per sort key.');
  const alternatives: Predicate[] = [];
  for (let i = 0; i < keys.length; i++) {
    const equalities: Predicate[] = [];
    for (let j = 0; j < i; j++) {
      equalities.push({ kind: 'compare', column: keys[j]!.column, op: '<=>', value: values[j]! });
    }
    const strictly = strictlyAfter(keys[i]!, values[i]!);
    if (strictly.kind === 'false') continue;
    alternatives.push(equalities.length === 0 ? strictly : { kind: 'and', items: [...equalities, strictly] });
  }
  return alternatives.length === 0 ? { kind: 'false' } : { kind: 'or', items: alternatives };
}

function strictlyAfter(key: SortKey, value: SortValue): Predicate {
  const { column } = key;
  if (key.direction === 'asc') {
    // NULL sorts first ascending: after a NULL come all non-NULL values; after a value, only larger values.
    return value === null ? { kind: 'is-not-null', column } : { kind: 'compare', column, op: '>', value };
  }
  // NULL sorts last descending: nothing comes after a NULL; after a value come smaller values, then NULLs.
  if (value === null) return { kind: 'false' };
  return {
    kind: 'or',
    items: [
      { kind: 'compare', column, op: '<', value },
      { kind: 'is-null', column },
    ],
  };
}

/** Evaluates `predicate` on a row in JS, with MySQL's semantics (for tests and in-memory filtering). */
export function evaluatePredicate(predicate: Predicate, row: Readonly<Record<string, SortValue>>): boolean {
  switch (predicate.kind) {
    case 'or':
      return predicate.items.some((item) => evaluatePredicate(item, row));
    case 'and':
      return predicate.items.every((item) => evaluatePredicate(item, row));
    case 'false':
      return false;
    case 'is-null':
      return (row[predicate.column] ?? null) === null;
    case 'is-not-null':
      return (row[predicate.column] ?? null) !== null;
    case 'compare': {
      const actual = row[predicate.column] ?? null;
      if (predicate.op === '<=>') {
        return actual === null || predicate.value === null
          ? actual === predicate.value
          : compareValues(actual, predicate.value) === 0;
      }
      // In SQL a comparison with NULL is unknown, which a WHERE treats as false.
      if (actual === null || predicate.value === null) return false;
      const order = compareValues(actual, predicate.value);
      return predicate.op === '>' ? order > 0 : order < 0;
    }
  }
}

/** Translates `predicate` into a Kysely SQL condition over unqualified column names. */
export function predicateToSql(predicate: Predicate): RawBuilder<SqlBool> {
  switch (predicate.kind) {
    case 'or':
      return sql<SqlBool>`(${sql.join(predicate.items.map(predicateToSql), sql` or `)})`;
    case 'and':
      return sql<SqlBool>`(${sql.join(predicate.items.map(predicateToSql), sql` and `)})`;
    case 'false':
      return sql<SqlBool>`false`;
    case 'is-null':
      return sql<SqlBool>`${sql.ref(predicate.column)} is null`;
    case 'is-not-null':
      return sql<SqlBool>`${sql.ref(predicate.column)} is not null`;
    case 'compare':
      return sql<SqlBool>`${sql.ref(predicate.column)} ${sql.raw(predicate.op)} ${predicate.value}`;
  }
}

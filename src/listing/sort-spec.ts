import { GatewayError } from '../errors/gateway-error.js';
import type { SortKey } from '../database/keyset.js';
import { ErrorCode } from '../errors/error-codes.js';

export type { SortKey };

/** One key of a requested sort, as the GraphQL input carries it. */
export interface SortRequest<K extends string> {
  readonly key: K;
  readonly direction?: 'ASC' | 'DESC' | null | undefined;
}

/** How a resource sorts: the column of each key, the id key, and the default order. */
export interface SortableColumns<K extends string> {
  /** The column(s) of each key; a key of several columns (a message's EVENT_ID) sorts by each in turn. */
  readonly columns: Readonly<Record<K, string | readonly string[]>>;
  readonly idKey: K;
  readonly defaults: readonly SortRequest<K>[];
  /**
   * The direction of the id appended to an explicit sort that does not name it: `'asc'` as Nova's
   * `InstanceSortContext` appends `uuid asc`. Absent: the first key's direction (`oslo.db`'s `process_sort_params`,
   * as Cinder does). The default order always appends the id in the first key's direction.
   */
  readonly explicitSortIdDirection?: SortKey['direction'];
}

/**
 * Resolves a requested sort into columns, ending with the id so that the order is total across cells.
 *
 * No sort (or an empty one) gives the resource's default. A key without a direction sorts descending (Nova's and
 * Cinder's `sort_dir` default). A repeated key is a `BAD_USER_INPUT`. When the id is not among the keys it is
 * appended last: for the default order with the first key's direction (as `oslo.db`'s `process_sort_params`
 * does), so the default `CREATED_AT DESC` becomes `CREATED_AT DESC, ID DESC`; for an explicit sort in
 * `sortable.explicitSortIdDirection` when set (servers: `ID ASC`, Nova's tie-breaker), else the same way.
 */
export function resolveSort<K extends string>(
  requested: readonly SortRequest<K>[] | null | undefined,
  sortable: SortableColumns<K>,
): SortKey[] {
  const isExplicit = isExplicitSort(requested);
  const chosen = isExplicit ? requested! : sortable.defaults;
  const seen = new Set<K>();
  const keys: SortKey[] = [];
  const add = (key: K, direction: SortKey['direction']) => {
    const columns = sortable.columns[key];
    for (const column of typeof columns === 'string' ? [columns] : columns) {
      // A column already sorted by decides nothing more (EVENT_ID after RESOURCE_TYPE, say).
      if (!keys.some((existing) => existing.column === column)) keys.push({ column, direction });
    }
  };
  for (const { key, direction } of chosen) {
    if (seen.has(key)) {
      throw new GatewayError(ErrorCode.BadUserInput, `Sort key ${key} is given more than once.`, {
        extensions: { field: 'sort' },
      });
    }
    seen.add(key);
    add(key, direction === 'ASC' ? 'asc' : 'desc');
  }
  if (!seen.has(sortable.idKey)) {
    const firstDirection = keys[0]?.direction ?? 'desc';
    add(sortable.idKey, isExplicit ? (sortable.explicitSortIdDirection ?? firstDirection) : firstDirection);
  }
  return keys;
}

/** Whether the caller asked for a sort of its own (which turns minimal constructs off). */
export function isExplicitSort(requested: readonly unknown[] | null | undefined): boolean {
  return requested !== null && requested !== undefined && requested.length > 0;
}

import { compareValues, type SortValue } from '../util/compare-values.js';
import type { SortKey } from '../database/keyset.js';

/**
 * Merges lists that are each sorted by `compare` into one sorted list of at most `limit` items (k-way merge).
 *
 * Uses a binary heap of the lists' heads: O(n log k). Stable across lists: on ties the earlier list wins.
 */
export function mergeSorted<T>(
  lists: readonly (readonly T[])[],
  compare: (a: T, b: T) => number,
  limit = Number.POSITIVE_INFINITY,
): T[] {
  // Heap entries: [list index, position in list].
  const heap: [number, number][] = [];
  const head = (entry: [number, number]) => lists[entry[0]]![entry[1]]!;
  const less = (a: [number, number], b: [number, number]) => {
    const order = compare(head(a), head(b));
    return order < 0 || (order === 0 && a[0] < b[0]);
  };
  const push = (entry: [number, number]) => {
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const pop = (): [number, number] => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && less(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && less(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
        i = smallest;
      }
    }
    return top;
  };

  lists.forEach((list, index) => {
    if (list.length > 0) push([index, 0]);
  });
  const merged: T[] = [];
  while (heap.length > 0 && merged.length < limit) {
    const [index, position] = pop();
    merged.push(lists[index]![position]!);
    if (position + 1 < lists[index]!.length) push([index, position + 1]);
  }
  return merged;
}

/** A comparator of rows by resolved sort keys, with MySQL's ordering of values (`compareValues`). */
export function compareBy<Row>(
  keys: readonly SortKey[],
  read: (row: Row, column: string) => SortValue,
): (a: Row, b: Row) => number {
  return (a, b) => {
    for (const key of keys) {
      const order = compareValues(read(a, key.column), read(b, key.column));
      if (order !== 0) return key.direction === 'asc' ? order : -order;
    }
    return 0;
  };
}

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
  // The heap holds list indexes, ordered by each list's head (`lists[index][positions[index]]`): no entry objects,
  // since this runs on every page of every list.
  const positions = new Array<number>(lists.length).fill(0);
  const heap: number[] = [];
  const less = (a: number, b: number) => {
    const order = compare(lists[a]![positions[a]!]!, lists[b]![positions[b]!]!);
    return order < 0 || (order === 0 && a < b);
  };
  const siftDown = (start: number) => {
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && less(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && less(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) return;
      const swapped = heap[i]!;
      heap[i] = heap[smallest]!;
      heap[smallest] = swapped;
      i = smallest;
    }
  };

  lists.forEach((list, index) => {
    if (list.length > 0) heap.push(index);
  });
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(i);
  const merged: T[] = [];
  while (heap.length > 0 && merged.length < limit) {
    const index = heap[0]!;
    const list = lists[index]!;
    const position = positions[index]!;
    merged.push(list[position]!);
    positions[index] = position + 1;
    // The list's next item replaces its head at the top; an exhausted list gives the top to the heap's last.
    if (position + 1 >= list.length) {
      const last = heap.pop()!;
      if (heap.length === 0) break;
      heap[0] = last;
    }
    siftDown(0);
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

import { describe, expect, it } from 'vitest';

import { LruMap } from '../../../src/util/lru-map.js';

describe('LruMap', () => {
  it('keeps at most maxEntries entries, dropping the least recently read or written', () => {
    const map = new LruMap<string, number | null>(2);
    map.set('a', 1);
    map.set('b', null);
    expect(map.get('a')).toBe(1); // a read last: b is now the oldest
    map.set('c', 3);

    expect(['a', 'b', 'c'].map((key) => map.get(key))).toEqual([1, undefined, 3]);
    expect(map.size).toBe(2);
  });

  it('keeps a null value apart from a missing one, and a rewrite makes an entry the most recent', () => {
    const map = new LruMap<string, number | null>(2);
    map.set('a', null);
    map.set('b', 2);
    map.set('a', null); // b is now the oldest
    map.set('c', 3);

    expect(map.get('a')).toBeNull();
    expect(map.get('b')).toBeUndefined();
  });
});

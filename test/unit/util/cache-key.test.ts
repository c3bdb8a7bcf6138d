import { describe, expect, it } from 'vitest';

import { cacheKey } from '../../../src/util/cache-key.js';

describe('cacheKey', () => {
  it('gives equal parts equal keys, dates and bigints included', () => {
    const parts = () => ['instances', 'demo', { name: 'web' }, [new Date('2026-12-01T00:00:00Z'), 12n], 21];
    expect(cacheKey(parts())).toBe(cacheKey(parts()));
  });

  it('tells apart parts that differ in any place, or in their place', () => {
    const keys = [
      cacheKey(['instances', 'demo', null, 21]),
      cacheKey(['instances', 'alt', null, 21]),
      cacheKey(['instances', null, 'demo', 21]),
      cacheKey(['instances', 'demo', null, 22]),
      cacheKey(['instances', 'demo', [new Date(0)], 21]),
      cacheKey(['instances', 'demo', [new Date(1)], 21]),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

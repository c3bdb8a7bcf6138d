import { describe, expect, it } from 'vitest';

import { compareValues } from '../../../src/util/compare-values.js';

describe('compareValues', () => {
  it('puts NULL before everything', () => {
    expect(compareValues(null, '')).toBeLessThan(0);
    expect(compareValues(0, null)).toBeGreaterThan(0);
    expect(compareValues(null, null)).toBe(0);
  });

  it('compares strings by code point like utf8mb4_bin: upper case before lower case', () => {
    expect(compareValues('B', 'a')).toBeLessThan(0);
    expect(compareValues('abc', 'abd')).toBeLessThan(0);
    expect(compareValues('ab', 'abc')).toBeLessThan(0);
  });

  it('orders characters above U+FFFF after every BMP character, unlike UTF-16 comparison', () => {
    expect(compareValues('\u{1F600}', '\uFF5E')).toBeGreaterThan(0);
    expect('\u{1F600}' < '\uFF5E').toBe(true);
  });

  it('compares dates by instant and numbers by value', () => {
    expect(compareValues(new Date(1), new Date(2))).toBeLessThan(0);
    expect(compareValues(10, 9)).toBeGreaterThan(0);
    expect(compareValues(10n, 9)).toBeGreaterThan(0);
  });
});

/**
 * A string that stands for `parts` (values of JSON, dates, bigints) as a cache key: equal parts give equal keys.
 * Each part keeps its place, so values of different columns never meet; a bigint is written as its digits.
 */
export function cacheKey(parts: readonly unknown[]): string {
  return JSON.stringify(parts, (_key, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  );
}

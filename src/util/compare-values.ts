/** A value a sort key can hold, as read from MySQL. */
export type SortValue = string | number | bigint | boolean | Date | null;

/**
 * Compares two sort values the way MySQL orders them with a binary collation.
 *
 * `NULL` sorts before everything (MySQL's ascending order); strings compare by Unicode code point, which is the
 * order of `utf8mb4_bin`; dates by their instant. Returns a negative number, zero or a positive number.
 */
export function compareValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    const x = BigInt(a as number | bigint);
    const y = BigInt(b as number | bigint);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  throw new Error(`Cannot compare ${typeof a} with ${typeof b}`);
}

/** Compares strings by code point: JS `<` compares UTF-16 units, which misorders astral characters. */
function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate === ySurrogate) return x - y;
    // A surrogate starts a code point above U+FFFF, which sorts after every BMP character.
    return xSurrogate ? 1 : -1;
  }
  return a.length - b.length;
}

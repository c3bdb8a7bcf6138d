import type { ColumnType, Generated } from 'kysely';

/** A `BOOLEAN` (TINYINT(1)) column: MySQL returns 0 or 1; writes take booleans. */
export type BoolColumn = ColumnType<number, boolean | number | undefined, boolean | number>;
/** A `DATETIME(3)` column read as a UTC `Date`. */
export type DateColumn = ColumnType<Date, Date, Date>;
/** A nullable `DATETIME(3)` column. */
export type NullableDateColumn = ColumnType<Date | null, Date | null | undefined, Date | null>;
/** A JSON document kept in a TEXT column (MariaDB and MySQL disagree on JSON columns; TEXT reads the same on both). */
export type JsonTextColumn = ColumnType<string, string, string>;
/** An auto-increment key. */
export type AutoIdColumn = Generated<number>;

/** Parses a JSON TEXT column; MySQL 8 may hand back an already parsed JSON value. */
export function parseJsonColumn<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  if (typeof value !== 'string') return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
}

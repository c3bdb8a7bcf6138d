import { sql, type CreateTableBuilder } from 'kysely';

/** `DATETIME(3)`: millisecond precision, the precision of a JS `Date`, so keyset markers compare exactly. */
export const datetime3 = sql`datetime(3)`;

/** Ends a `CREATE TABLE` with utf8mb4 and a binary collation, whose order the k-way merge reproduces in JS. */
export function withBinaryCollation<T extends string, C extends string>(
  builder: CreateTableBuilder<T, C>,
): CreateTableBuilder<T, C> {
  return builder.modifyEnd(sql`engine = InnoDB default charset = utf8mb4 collate = utf8mb4_bin`);
}

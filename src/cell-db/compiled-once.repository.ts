import type { Compilable, CompiledQuery, Kysely } from 'kysely';

import type { CellDatabase } from './cell-database.js';
import { selectCompiled } from './select-compiled.repository.js';

/**
 * A read that builds and compiles its statement once, on the first database it runs on, and sends that same SQL to
 * every other cell database it is run on (all of them MySQL, with the same tables): what a list's first round across
 * cells does, where every cell gets the same statement. At 41 cells that is one build of the statement instead of
 * 41 (Kysely's builder and compiler cost about as much CPU per statement as mysql2's parsing of its rows).
 *
 * `buildFn` gives the statement, or `null` when nothing can match (the read then answers `[]` at once).
 */
export function compiledOnce<Row>(
  buildFn: (db: Kysely<CellDatabase>) => Compilable<Row> | null,
): (db: Kysely<CellDatabase>) => Promise<Row[]> {
  let compiled: CompiledQuery<Row> | null | undefined;
  return async (db) => {
    if (compiled === undefined) compiled = buildFn(db)?.compile() ?? null;
    if (compiled === null) return [];
    return selectCompiled(db, compiled);
  };
}

import { DummyDriver, Kysely, MysqlAdapter, MysqlIntrospector, MysqlQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';

import type { CellDatabase } from '../../../src/cell-db/cell-database.js';
import { StatementCache } from '../../../src/cell-db/statement-cache.repository.js';

/** Kysely's compile-only setup (its `DummyDriver` answers every statement with no rows), counting statements run. */
function compileOnly() {
  const run = { count: 0 };
  const db = new Kysely<CellDatabase>({
    dialect: {
      createAdapter: () => new MysqlAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (kysely) => new MysqlIntrospector(kysely),
      createQueryCompiler: () => new MysqlQueryCompiler(),
    },
    plugins: [
      {
        transformQuery: (args) => args.node,
        transformResult: async (args) => {
          run.count++;
          return args.result;
        },
      },
    ],
  });
  return { db, run };
}

describe('StatementCache', () => {
  it('builds a statement once per key and runs it on every read', async () => {
    const { db, run } = compileOnly();
    const statements = new StatementCache();
    let builds = 0;
    const read = (uuid: string) =>
      statements.read(`instances ${uuid}`, (kysely) => {
        builds++;
        return kysely.selectFrom('instances').selectAll().where('uuid', '=', uuid);
      });

    for (let i = 0; i < 3; i++) await read('a')(db);
    await read('b')(db);
    await read('a')(db);

    expect(builds).toBe(2);
    expect(run.count).toBe(5);
    expect(statements.size).toBe(2);
  });

  it('answers no rows at once for a statement that can match nothing, and keeps that too', async () => {
    const { db, run } = compileOnly();
    const statements = new StatementCache();
    let builds = 0;
    const read = statements.read('nothing', () => {
      builds++;
      return null;
    });

    expect(await read(db)).toEqual([]);
    expect(await read(db)).toEqual([]);
    expect(builds).toBe(1);
    expect(run.count).toBe(0);
  });

  it('keeps at most maxEntries statements, dropping the least recently used', async () => {
    const { db } = compileOnly();
    const statements = new StatementCache(2);
    const built: string[] = [];
    const read = (key: string) =>
      statements.read(key, (kysely) => {
        built.push(key);
        return kysely.selectFrom('instances').selectAll().where('uuid', '=', key);
      })(db);

    await read('a');
    await read('b');
    await read('a'); // a used last: b is now the oldest
    await read('c');
    await read('a');
    await read('b');

    expect(built).toEqual(['a', 'b', 'c', 'b']);
    expect(statements.size).toBe(2);
  });

  it('builds a statement of a key longer than maxKeyLength for each read, and does not keep it', async () => {
    const { db, run } = compileOnly();
    const statements = new StatementCache(1_000, 10);
    let builds = 0;
    const read = (key: string) =>
      statements.read(key, (kysely) => {
        builds++;
        return kysely.selectFrom('instances').selectAll().where('uuid', '=', key);
      })(db);

    await read('short');
    await read('short');
    await read('a key of more than ten characters');
    await read('a key of more than ten characters');

    expect(builds).toBe(3);
    expect(run.count).toBe(4);
    expect(statements.size).toBe(1);
  });
});

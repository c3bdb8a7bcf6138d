import { sql, type CompiledQuery, type RawBuilder } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { selectCompiled } from '../../src/cell-db/select-compiled.repository.js';
import { withAbortSwitch } from '../../src/database/abort-scope.js';
import type { BoundedConnection } from '../../src/database/bounded-connection.js';
import { AbortSwitch } from '../../src/database/abort-switch.js';
import { ConnectionWaitDeadlineError, QueryDeadlineError } from '../../src/database/deadline-error.js';
import { openDatabase, type OpenDatabase } from '../../src/database/open-database.js';
import { startMariaDb, type MariaDbServer } from '../support/mariadb-server.js';
import { waitFor } from '../support/topology.js';

/**
 * The bounded pool against a real server: mysql2's own query timeout neither stops the server's work nor frees the
 * connection, its pool has no acquire timeout, and a frozen server never answers; every one of those is bounded here.
 */
describe('BoundedPool', () => {
  let server: MariaDbServer;
  let database: OpenDatabase<unknown>;
  const abandoned: string[] = [];

  beforeAll(async () => {
    server = await startMariaDb();
    database = openDatabase<unknown>({
      url: server.urlOf('mysql'),
      label: 'test-cell',
      connectionLimit: 2,
      connectTimeoutMs: 500,
      defaultTimeoutMs: 800,
      onAbandonFn: (label) => abandoned.push(label),
    });
  });

  afterAll(async () => {
    await database?.db.destroy();
    await server?.stop();
  });

  const processList = async () => {
    const { rows } = await sql<{ Info: string | null }>`show processlist`.execute(database.db);
    return rows.map((row) => row.Info ?? '');
  };

  it('stops a slow query on a live server: the caller is answered at the deadline and the server stops working', async () => {
    const deadlineMs = 300;
    const started = performance.now();
    await expect(
      withAbortSwitch(AbortSwitch.after(deadlineMs), () =>
        sql`select sleep(20) as slept`.execute(database.db),
      ),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    // Answered at its deadline: well before a second one, and long before the 20 s query would have ended.
    expect(performance.now() - started).toBeLessThan(2 * deadlineMs);
    expect(abandoned).toEqual(['test-cell']);
    await waitFor(
      // Gone long before it would have ended by itself: the server was told to stop.
      async () => !(await processList()).some((info) => info.includes('sleep(20)')),
      10_000,
      'the query killed',
    );
    expect(database.pool.stats()).toMatchObject({ busy: 0, waiting: 0 });
  });

  it('bounds a query outside any abort scope by the default timeout', async () => {
    await expect(sql`select sleep(3)`.execute(database.db)).rejects.toBeInstanceOf(QueryDeadlineError);
  });

  it('counts the open connections (read from mysql2) while they are open', async () => {
    await sql`select 1`.execute(database.db);
    expect(database.pool.stats().total).toBeGreaterThanOrEqual(1);
    expect(database.pool.stats().total).toBeLessThanOrEqual(2);
  });

  it('hands out one wrapper per mysql2 connection at every checkout, so Kysely keeps one state per connection', async () => {
    const checkOut = () =>
      new Promise<BoundedConnection>((resolve, reject) =>
        database.pool.getConnection((error, connection) => (error ? reject(error) : resolve(connection))),
      );
    const first = await Promise.all([checkOut(), checkOut()]);
    expect(database.pool.stats()).toMatchObject({ busy: 2 });
    for (const connection of first) connection.release();
    expect(database.pool.stats()).toMatchObject({ busy: 0 });
    const second = await Promise.all([checkOut(), checkOut()]);
    // The same objects (identity, not likeness: the wrappers' state is private).
    expect(second.filter((connection) => first.includes(connection))).toHaveLength(2);
    // A second release of one checkout gives nothing back twice.
    second[0]!.release();
    second[0]!.release();
    expect(database.pool.stats()).toMatchObject({ busy: 1 });
    second[1]!.release();
    expect(database.pool.stats()).toMatchObject({ busy: 0, waiting: 0 });
  });

  it('fails a wait for a busy pool with its own error type, not as a slow query, and serves the waiters after', async () => {
    const slow = () =>
      withAbortSwitch(AbortSwitch.after(5_000), () => sql`select sleep(0.6) as slept`.execute(database.db));
    const busy = [slow(), slow()];
    await waitFor(async () => database.pool.stats().busy === 2, 3_000, 'both connections busy');
    const waited = withAbortSwitch(AbortSwitch.after(200), () => sql`select 1`.execute(database.db));
    await expect(waited).rejects.toBeInstanceOf(ConnectionWaitDeadlineError);
    await expect(waited).rejects.toMatchObject({ cause: { name: 'TimeoutError' } });
    expect((await Promise.all(busy)).map(({ rows }) => rows)).toEqual([[{ slept: 0 }], [{ slept: 0 }]]);
    expect(database.pool.stats()).toMatchObject({ busy: 0, waiting: 0 });
  });

  it('answers every query of a frozen server at its deadline, without exhausting the pool, and recovers on thaw', async () => {
    server.freeze();
    try {
      const attempts = await Promise.allSettled(
        Array.from({ length: 6 }, () =>
          withAbortSwitch(AbortSwitch.after(300), () => sql`select 1`.execute(database.db)),
        ),
      );
      expect(attempts.every((attempt) => attempt.status === 'rejected')).toBe(true);
      expect(database.pool.stats()).toMatchObject({ busy: 0, waiting: 0 });
      expect(database.pool.stats().total).toBeLessThanOrEqual(2);
    } finally {
      server.thaw();
    }
    const { rows } = await sql<{ answer: number }>`select 42 as answer`.execute(database.db);
    expect(rows).toEqual([{ answer: 42 }]);
  });

  it('fails at once against a killed server and works again after a restart', async () => {
    await server.kill();
    const started = performance.now();
    await expect(sql`select 1`.execute(database.db)).rejects.toMatchObject({
      code: expect.stringMatching(/ECONNREFUSED|PROTOCOL_CONNECTION_LOST|ECONNRESET/),
    });
    // Refused at once: no wait for the connect timeout (500 ms), let alone the default deadline (800 ms).
    expect(performance.now() - started).toBeLessThan(500);
    await server.restart();
    await waitFor(
      async () => {
        const { rows } = await sql<{ answer: number }>`select 1 as answer`.execute(database.db);
        return rows[0]?.answer === 1;
      },
      10_000,
      'recovery',
    );
    expect(database.pool.stats()).toMatchObject({ busy: 0, waiting: 0 });
  });

  it('rolls back a transaction whose connection was abandoned, committing nothing', async () => {
    await sql`create database if not exists bounded_test`.execute(database.db);
    await sql`create table if not exists bounded_test.items (id int primary key)`.execute(database.db);
    await expect(
      withAbortSwitch(AbortSwitch.after(300), () =>
        database.db.transaction().execute(async (trx) => {
          await sql`insert into bounded_test.items values (1)`.execute(trx);
          await sql`select sleep(2)`.execute(trx);
        }),
      ),
      // The deadline, not a second error from the ROLLBACK on the abandoned connection.
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const { rows } = await sql<{ count: number }>`select count(*) as count from bounded_test.items`.execute(
      database.db,
    );
    expect(rows).toEqual([{ count: 0 }]);
  });

  describe('selectCompiled (a compiled select straight on the pool)', () => {
    const compiled = <Row>(statement: RawBuilder<Row>): CompiledQuery<Row> => statement.compile(database.db);

    it('answers the rows Kysely answers, in a transaction too, and gives its connection back', async () => {
      await sql`create database if not exists bounded_test`.execute(database.db);
      await sql`create table if not exists bounded_test.rows_of (id int primary key, name varchar(20), at datetime(6))`.execute(
        database.db,
      );
      await sql`delete from bounded_test.rows_of`.execute(database.db);
      await sql`insert into bounded_test.rows_of values (1, 'one', '2026-01-02 03:04:05.678'), (2, 'two', null), (3, 'three', '2026-12-31 23:59:59.999')`.execute(
        database.db,
      );
      const statement = compiled(
        sql<{
          id: number;
          name: string;
          at: Date | null;
        }>`select * from bounded_test.rows_of where id >= ${2} order by id desc`,
      );
      const run = vi.spyOn(database.pool, 'run');
      const viaKysely = (await database.db.executeQuery(statement)).rows;
      expect(viaKysely.map((row) => row.id)).toEqual([3, 2]);
      expect(run).not.toHaveBeenCalled();
      expect(await selectCompiled(database.db, statement)).toEqual(viaKysely);
      expect(run).toHaveBeenCalledTimes(1);
      expect(database.pool.stats()).toMatchObject({ busy: 0, waiting: 0 });
      // A transaction's Kysely is not the pool's: its statement runs on the transaction's own connection.
      const inTransaction = await database.db.transaction().execute(async (trx) => {
        await sql`delete from bounded_test.rows_of where id = 3`.execute(trx);
        return selectCompiled(trx, statement);
      });
      expect(inTransaction.map((row) => row.id)).toEqual([2]);
      expect(run).toHaveBeenCalledTimes(1);
      run.mockRestore();
      expect((await selectCompiled(database.db, statement)).map((row) => row.id)).toEqual([2]);
    });

    it("fails with the server's error and gives its connection back", async () => {
      await expect(
        selectCompiled(database.db, compiled(sql`select * from bounded_test.no_such_table`)),
      ).rejects.toMatchObject({ code: 'ER_NO_SUCH_TABLE' });
      expect(database.pool.stats()).toMatchObject({ busy: 0, waiting: 0 });
    });

    it("is bounded like every statement of the pool: stopped at its abort scope's deadline and its connection abandoned", async () => {
      const abandonedBefore = abandoned.length;
      const started = performance.now();
      await expect(
        withAbortSwitch(AbortSwitch.after(300), () =>
          selectCompiled(database.db, compiled(sql`select sleep(20) as slept`)),
        ),
      ).rejects.toMatchObject({ name: 'TimeoutError' });
      expect(performance.now() - started).toBeLessThan(600);
      expect(abandoned.length).toBe(abandonedBefore + 1);
      await waitFor(
        async () => !(await processList()).some((info) => info.includes('sleep(20)')),
        10_000,
        'the query killed',
      );
      expect(database.pool.stats()).toMatchObject({ busy: 0, waiting: 0 });
      await expect(selectCompiled(database.db, compiled(sql`select sleep(3)`))).rejects.toBeInstanceOf(
        QueryDeadlineError,
      );
    });
  });
});

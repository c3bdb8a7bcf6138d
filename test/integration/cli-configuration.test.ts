import { createServer, type Server } from 'node:net';

import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCellgate as cellgate } from '../support/cellgate-cli.js';
import { startMariaDb, type MariaDbServer } from '../support/mariadb-server.js';

/** A port on 127.0.0.1 that nothing listens on (connections to it are refused). */
async function closedPort(): Promise<number> {
  const server = await listening(0);
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function listening(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** The databases on `server` whose name starts with `prefix`. */
async function databasesOf(server: MariaDbServer, prefix: string): Promise<string[]> {
  const connection = await mysql.createConnection({ host: '127.0.0.1', port: server.port, user: 'root' });
  try {
    const [rows] = await connection.query('SHOW DATABASES');
    return (rows as { Database: string }[])
      .map((row) => row.Database)
      .filter((name) => name.startsWith(prefix));
  } finally {
    await connection.end();
  }
}

/** Every command that needs the API database, as a newcomer would type it. */
const COMMANDS_NEEDING_THE_API_DATABASE = [
  ['start'],
  ['serve'],
  ['worker'],
  ['db', 'migrate'],
  ['cell', 'create', 'cell7', '--database-url', 'mysql://root@127.0.0.1:3306/cellgate_cell7'],
  ['cell', 'list'],
  ['demo', 'seed'],
  ['messages', 'reap'],
  ['backend', 'set', 'cell1-share@generic', '--export-host', 'nfs.example.org'],
];

describe('the cellgate command, configured wrongly', () => {
  let server: MariaDbServer;
  let refusedPort: number;
  const secret = { AUTH_JWT_SECRET: 'cli-configuration-secret-0123456789' };

  beforeAll(async () => {
    server = await startMariaDb();
    refusedPort = await closedPort();
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('refuses a DATABASE_URL with a database path, naming the variable, and creates no database', async () => {
    const result = await cellgate(['start'], { ...secret, PORT: '0', DATABASE_URL: `${server.url}/mydb` });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'Invalid configuration:\n  DATABASE_URL: must name a server, not a database: remove "/mydb" (cellgate creates the databases cellgate_api and cellgate_<cell> on that server)\n',
    });
    expect(await databasesOf(server, 'mydb')).toEqual([]);
    expect(await databasesOf(server, 'cellgate')).toEqual([]);
  });

  it('refuses an API_DATABASE_URL that names no database', async () => {
    const result = await cellgate(['cell', 'list'], { ...secret, API_DATABASE_URL: server.url });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'Invalid configuration:\n  API_DATABASE_URL: must name one database, e.g. mysql://root@127.0.0.1:3306/cellgate_api\n',
    );
  });

  it.concurrent.each(COMMANDS_NEEDING_THE_API_DATABASE)(
    'stops `%s …` at once when API_DATABASE_URL does not answer, naming it without its password',
    async (...args) => {
      const url = `mysql://root:s3cret@127.0.0.1:${refusedPort}/cellgate_api`;
      const result = await cellgate(args, {
        ...secret,
        PORT: '0',
        DATABASE_URL: server.url,
        API_DATABASE_URL: url,
      });
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr: `cellgate: The API database cannot be reached at API_DATABASE_URL (mysql://root@127.0.0.1:${refusedPort}/cellgate_api): connect ECONNREFUSED 127.0.0.1:${refusedPort}\n`,
      });
    },
  );

  it.concurrent.each(COMMANDS_NEEDING_THE_API_DATABASE)(
    'stops `%s …` at once when the server of DATABASE_URL (the API database) does not answer, naming it',
    async (...args) => {
      const result = await cellgate(args, {
        ...secret,
        PORT: '0',
        DATABASE_URL: `mysql://root:s3cret@127.0.0.1:${refusedPort}`,
      });
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr: `cellgate: The API database cannot be reached at the server of DATABASE_URL (mysql://root@127.0.0.1:${refusedPort}): connect ECONNREFUSED 127.0.0.1:${refusedPort}\n`,
      });
    },
  );

  it('stops `token` without AUTH_JWT_SECRET (its secret is kept in the API database) when that does not answer', async () => {
    const result = await cellgate(['token', '--user', 'u1', '--project', 'p1'], {
      AUTH_JWT_SECRET: '',
      API_DATABASE_URL: `mysql://root@127.0.0.1:${refusedPort}/cellgate_api`,
    });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `cellgate: The API database cannot be reached at API_DATABASE_URL (mysql://root@127.0.0.1:${refusedPort}/cellgate_api): connect ECONNREFUSED 127.0.0.1:${refusedPort}\n`,
    });
  });

  it('says that the API database must be migrated first when it does not exist', async () => {
    const result = await cellgate(['cell', 'list'], {
      ...secret,
      API_DATABASE_URL: server.urlOf('cellgate_none'),
    });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `cellgate: The API database cellgate_none does not exist on API_DATABASE_URL (${server.urlOf('cellgate_none')}): run \`cellgate db migrate\` first.\n`,
    });
    expect(await databasesOf(server, 'cellgate_none')).toEqual([]);
  });

  it('stops `start` when DATABASE_URL (the demo cells) does not answer while API_DATABASE_URL does', async () => {
    const result = await cellgate(['start'], {
      ...secret,
      PORT: '0',
      DATABASE_URL: `mysql://root@127.0.0.1:${refusedPort}`,
      API_DATABASE_URL: server.urlOf('cellgate_start_api'),
    });
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `cellgate: The database server of DATABASE_URL (mysql://root@127.0.0.1:${refusedPort}) cannot be reached: connect ECONNREFUSED 127.0.0.1:${refusedPort}\n`,
    });
    expect(await databasesOf(server, 'cellgate_start_api')).toEqual([]);
  });

  it('finds a PORT in use before migrating or seeding anything, and names PORT', async () => {
    const taken = await listening(0);
    const port = (taken.address() as { port: number }).port;
    try {
      for (const command of ['start', 'serve']) {
        const result = await cellgate([command], {
          ...secret,
          PORT: String(port),
          HOST: '127.0.0.1',
          DATABASE_URL: server.url,
          API_DATABASE_URL: server.urlOf('cellgate_port_api'),
        });
        expect(result).toEqual({
          code: 1,
          stdout: '',
          stderr: `cellgate: PORT ${port} is already in use on 127.0.0.1 (HOST): stop what listens there or set PORT to a free port.\n`,
        });
      }
      expect(await databasesOf(server, 'cellgate')).toEqual([]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('stops `cell create` when its --database-url does not answer, and registers nothing', async () => {
    const env = { ...secret, DATABASE_URL: server.url };
    expect((await cellgate(['db', 'migrate'], env)).code).toBe(0);
    const result = await cellgate(
      [
        'cell',
        'create',
        'cell8',
        '--database-url',
        `mysql://cg:s3cret@127.0.0.1:${refusedPort}/cellgate_cell8`,
      ],
      env,
    );
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `cellgate: The database of --database-url (mysql://cg@127.0.0.1:${refusedPort}/cellgate_cell8) cannot be reached: connect ECONNREFUSED 127.0.0.1:${refusedPort}\n`,
    });
    expect((await cellgate(['cell', 'list'], env)).stdout).toBe('');
  });

  describe('with a registered cell whose server is down', () => {
    let cellServer: MariaDbServer;
    const env = () => ({ ...secret, PORT: '0', DATABASE_URL: server.url });

    beforeAll(async () => {
      cellServer = await startMariaDb();
      const admin = await mysql.createConnection({ host: '127.0.0.1', port: cellServer.port, user: 'root' });
      try {
        await admin.query("CREATE USER 'cg'@'%' IDENTIFIED BY 's3cret'");
        await admin.query("GRANT ALL ON *.* TO 'cg'@'%'");
      } finally {
        await admin.end();
      }
      const created = await cellgate(
        [
          'cell',
          'create',
          'cell9',
          '--database-url',
          `mysql://cg:s3cret@127.0.0.1:${cellServer.port}/cellgate_cell9`,
        ],
        env(),
      );
      expect(created.code).toBe(0);
      await cellServer.kill();
    });

    afterAll(async () => {
      await cellServer?.stop();
    });

    it.concurrent.each([
      ['start'],
      ['db', 'migrate'],
      ['demo', 'seed'],
      ['messages', 'reap'],
      ['backend', 'set', 'cell9-share@generic', '--export-host', 'nfs.example.org'],
    ])('stops `%s …` at once, naming the cell and its URL without the password', async (...args) => {
      const result = await cellgate(args, env());
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr: `cellgate: Cell cell9 cannot be reached at mysql://cg@127.0.0.1:${cellServer.port}/cellgate_cell9 (its database URL, registered by \`cellgate cell create\`): connect ECONNREFUSED 127.0.0.1:${cellServer.port}\n`,
      });
    });

    it('still lists the cells, which needs only the API database', async () => {
      expect(await cellgate(['cell', 'list'], env())).toEqual({ code: 0, stdout: 'cell9\n', stderr: '' });
    });
  });
});

import { jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCellgate } from '../support/cellgate-cli.js';
import { startMariaDb, type MariaDbServer } from '../support/mariadb-server.js';

const cellgate = runCellgate;

describe('the cellgate command', () => {
  let server: MariaDbServer;
  let env: Record<string, string>;

  beforeAll(async () => {
    server = await startMariaDb();
    env = {
      DATABASE_URL: server.url,
      API_DATABASE_URL: server.urlOf('cellgate_api'),
      AUTH_JWT_SECRET: 'cli-test-secret-0123456789',
    };
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('stops at start with a message that names every invalid variable', async () => {
    const result = await cellgate(['serve'], {
      ...env,
      CELL_TIMEOUT_MS: 'soon',
      LIST_RECORDS_BY_SKIPPING_DOWN_CELLS: 'maybe',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'Invalid configuration:\n  CELL_TIMEOUT_MS: must be an integer\n  LIST_RECORDS_BY_SKIPPING_DOWN_CELLS: must be true or false\n',
    );
  });

  it('migrates, registers cells, lists them one a line, and seeds the demo idempotently', async () => {
    expect((await cellgate(['db', 'migrate'], env)).stdout).toBe('API database migrated.\n');
    for (const name of ['cell0', 'cell1']) {
      const created = await cellgate(
        ['cell', 'create', name, '--database-url', server.urlOf(`cellgate_${name}`)],
        env,
      );
      expect(created.code).toBe(0);
      expect(created.stdout).toMatch(new RegExp(`^Cell ${name} registered \\(uuid [0-9a-f-]{36}\\)\\.\\n$`));
    }
    expect((await cellgate(['cell', 'list'], env)).stdout).toBe('cell0\ncell1\n');
    const migrated = await cellgate(['db', 'migrate'], env);
    expect(migrated.stdout).toBe('API database migrated.\nCell cell0 migrated.\nCell cell1 migrated.\n');
    expect((await cellgate(['demo', 'seed', '--servers-per-cell', '3'], env)).stdout).toBe(
      'Demo seeded: 6 servers and 2 shares added.\n',
    );
    expect((await cellgate(['demo', 'seed', '--servers-per-cell', '3'], env)).stdout).toBe(
      'Demo seeded: 0 servers and 0 shares added.\n',
    );
  });

  it.each([
    [
      ['cell', 'create', 'cell1', '--database-url', 'mysql://root@127.0.0.1:1/x'],
      'cellgate: Cell "cell1" is already registered.\n',
    ],
    [
      ['cell', 'create', 'Bad Name', '--database-url', 'mysql://root@127.0.0.1:1/x'],
      'cellgate: Cell name "Bad Name" must be lowercase letters, digits, "-" or "_", starting with a letter.\n',
    ],
    [
      ['cell', 'create', 'cell9', '--database-url', 'postgres://x/y'],
      'cellgate: --database-url must look like mysql://user@host:port/database, got "postgres://x/y".\n',
    ],
    [
      ['backend', 'set', 'nowhere@generic', '--export-host', 'h'],
      'cellgate: No registered cell has the share backend "nowhere@generic".\n',
    ],
  ])('refuses %j with a clear message and exit code 1', async (args, message) => {
    const result = await cellgate(args, env);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(message);
  });

  it('prints a signed token with the contract claims', async () => {
    const result = await cellgate(['token', '--user', 'u1', '--project', 'p1', '--admin'], env);
    const { payload, protectedHeader } = await jwtVerify(
      result.stdout.trim(),
      new TextEncoder().encode(env.AUTH_JWT_SECRET),
    );
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({ sub: 'u1', project_id: 'p1', roles: ['admin', 'member', 'reader'] });
    const reader = await cellgate(['token', '--user', 'u2', '--project', 'p1', '--reader'], env);
    const { payload: readerClaims } = await jwtVerify(
      reader.stdout.trim(),
      new TextEncoder().encode(env.AUTH_JWT_SECRET),
    );
    expect(readerClaims).toMatchObject({ sub: 'u2', project_id: 'p1', roles: ['reader'] });
    const both = await cellgate(['token', '--user', 'u', '--project', 'p', '--reader', '--admin'], env);
    expect(both).toMatchObject({ code: 1, stderr: 'cellgate: --admin and --reader exclude each other.\n' });
  });
});

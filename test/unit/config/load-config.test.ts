import { describe, expect, it } from 'vitest';

import { ConfigError, loadConfig } from '../../../src/config/load-config.js';

describe('loadConfig', () => {
  it('applies the contract defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      databaseUrl: 'mysql://root@127.0.0.1:3306',
      apiDatabaseUrl: 'mysql://root@127.0.0.1:3306/cellgate_api',
      port: 4000,
      maxLimit: 1000,
      host: '127.0.0.1',
      auth: { jwtSecret: undefined, jwksUrl: undefined, projectClaim: 'project_id', rolesClaim: 'roles' },
      queryLimits: { maxCost: 20_000, maxAliases: 30, maxTokens: 10_000 },
      cells: { timeoutMs: 2000, listRecordsBySkippingDownCells: true },
      messages: { ttlS: 2_592_000, reapIntervalS: 86_400, reapBatchSize: 1000 },
      workers: { serviceDownTimeS: 60, updateSharesStatusOnEnsure: true },
    });
    expect(Object.isFrozen(config.cells)).toBe(true);
  });

  it('derives the API database from DATABASE_URL unless API_DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'mysql://u:p@db:3307/' }).apiDatabaseUrl).toBe(
      'mysql://u:p@db:3307/cellgate_api',
    );
    expect(loadConfig({ DATABASE_URL: 'mysql://a', API_DATABASE_URL: 'mysql://b/api' }).apiDatabaseUrl).toBe(
      'mysql://b/api',
    );
  });

  it('remembers which variable names the API database, for messages', () => {
    expect(loadConfig({}).apiDatabaseUrlVariable).toBe('DATABASE_URL');
    expect(loadConfig({ API_DATABASE_URL: 'mysql://b/api' }).apiDatabaseUrlVariable).toBe('API_DATABASE_URL');
  });

  it('refuses a DATABASE_URL with a database path and an API_DATABASE_URL without exactly one database', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root@db:3306/mydb' })).toThrow(
      new ConfigError([
        {
          variable: 'DATABASE_URL',
          problem:
            'must name a server, not a database: remove "/mydb" (cellgate creates the databases cellgate_api and cellgate_<cell> on that server)',
        },
      ]),
    );
    for (const url of ['mysql://root@db:3306', 'mysql://root@db:3306/', 'mysql://root@db:3306/a/b']) {
      expect(() => loadConfig({ API_DATABASE_URL: url })).toThrow(
        'API_DATABASE_URL: must name one database, e.g. mysql://root@127.0.0.1:3306/cellgate_api',
      );
    }
    expect(loadConfig({ DATABASE_URL: 'mysql://root@db:3306/' }).databaseUrl).toBe('mysql://root@db:3306');
  });

  it('reads booleans, -1 for a reaper that never runs, and treats empty variables as unset', () => {
    const config = loadConfig({
      LIST_RECORDS_BY_SKIPPING_DOWN_CELLS: 'false',
      MESSAGE_REAP_INTERVAL_S: '-1',
      PORT: '',
    });
    expect(config.cells.listRecordsBySkippingDownCells).toBe(false);
    expect(config.messages.reapIntervalS).toBe(-1);
    expect(config.port).toBe(4000);
  });

  it('names every bad variable at once', () => {
    let thrown: unknown;
    try {
      loadConfig({
        PORT: 'x',
        CELL_TIMEOUT_MS: '0',
        MAX_LIMIT: '-3',
        UPDATE_SHARES_STATUS_ON_ENSURE: 'perhaps',
        MESSAGE_REAP_INTERVAL_S: '0',
        DATABASE_URL: 'postgres://x',
      });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const error = thrown as ConfigError;
    expect([...error.variables].sort()).toEqual(
      [
        'CELL_TIMEOUT_MS',
        'DATABASE_URL',
        'MAX_LIMIT',
        'MESSAGE_REAP_INTERVAL_S',
        'PORT',
        'UPDATE_SHARES_STATUS_ON_ENSURE',
      ].sort(),
    );
    expect(error.message).toContain('PORT: must be an integer');
    expect(error.message).toContain('UPDATE_SHARES_STATUS_ON_ENSURE: must be true or false');
  });

  it('reads the identity provider settings and the query limits', () => {
    const config = loadConfig({
      AUTH_JWKS_URL: 'https://idp.example.org/realms/cloud/protocol/openid-connect/certs',
      AUTH_ISSUER: 'https://idp.example.org/realms/cloud',
      AUTH_AUDIENCE: 'cellgate',
      AUTH_PROJECT_CLAIM: 'project.id',
      AUTH_ROLES_CLAIM: 'realm_access.roles',
      AUTH_JWKS_COOLDOWN_S: '5',
      MAX_QUERY_COST: '5000',
    });
    expect(config.auth).toEqual({
      jwtSecret: undefined,
      jwksUrl: 'https://idp.example.org/realms/cloud/protocol/openid-connect/certs',
      jwksCooldownS: 5,
      issuer: 'https://idp.example.org/realms/cloud',
      audience: 'cellgate',
      projectClaim: 'project.id',
      rolesClaim: 'realm_access.roles',
    });
    expect(config.queryLimits.maxCost).toBe(5000);
  });

  it('refuses a JWKS URL that is not http(s), a malformed claim path and a zero cost limit', () => {
    expect(() =>
      loadConfig({
        AUTH_JWKS_URL: 'file:///etc/keys',
        AUTH_ROLES_CLAIM: 'realm_access..roles',
        MAX_QUERY_COST: '0',
      }),
    ).toThrow(
      expect.objectContaining({ variables: ['AUTH_JWKS_URL', 'AUTH_ROLES_CLAIM', 'MAX_QUERY_COST'] }),
    );
  });

  it('derives REQUEST_TIMEOUT_MS and MAX_CELL_QUERIES_PER_REQUEST from the cell settings unless set', () => {
    expect(loadConfig({})).toMatchObject({
      requestTimeoutMs: 5_000,
      cells: { poolSize: 10, maxQueriesPerRequest: 3 },
    });
    expect(loadConfig({ CELL_TIMEOUT_MS: '300', CELL_POOL_SIZE: '2' })).toMatchObject({
      requestTimeoutMs: 1_600,
      cells: { maxQueriesPerRequest: 1 },
    });
    expect(
      loadConfig({ CELL_TIMEOUT_MS: '300', REQUEST_TIMEOUT_MS: '300', MAX_CELL_QUERIES_PER_REQUEST: '10' }),
    ).toMatchObject({ requestTimeoutMs: 300, cells: { maxQueriesPerRequest: 10 } });
  });

  it('refuses a request deadline shorter than a cell’s and a bulkhead larger than the pool, naming both', () => {
    expect(() =>
      loadConfig({
        CELL_TIMEOUT_MS: '2000',
        REQUEST_TIMEOUT_MS: '1500',
        CELL_POOL_SIZE: '4',
        MAX_CELL_QUERIES_PER_REQUEST: '5',
      }),
    ).toThrow(
      new ConfigError([
        {
          variable: 'REQUEST_TIMEOUT_MS',
          problem:
            "must be at least CELL_TIMEOUT_MS (2000), got 1500: the deadline of a request is never shorter than a cell's",
        },
        { variable: 'MAX_CELL_QUERIES_PER_REQUEST', problem: 'must be at most CELL_POOL_SIZE (4), got 5' },
      ]),
    );
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '0' })).toThrow(
      expect.objectContaining({ variables: ['REQUEST_TIMEOUT_MS'] }),
    );
  });

  it('refuses a repair grace that a create still in flight could outlast, naming REQUEST_TIMEOUT_MS', () => {
    expect(() => loadConfig({ REQUEST_TIMEOUT_MS: '30000' })).toThrow(
      new ConfigError([
        {
          variable: 'MAPPING_REPAIR_GRACE_S',
          problem:
            'must be longer than REQUEST_TIMEOUT_MS (30000 ms), got 30 s: a create still writing its mapping would be undone',
        },
      ]),
    );
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '29000' })).toMatchObject({
      workers: { mappingRepairGraceS: 30 },
    });
  });

  it('executes with graphql-jit unless GRAPHQL_EXECUTOR says graphql-js, and refuses any other value', () => {
    expect(loadConfig({}).graphqlExecutor).toBe('jit');
    expect(loadConfig({ GRAPHQL_EXECUTOR: 'graphql-js' }).graphqlExecutor).toBe('graphql-js');
    expect(() => loadConfig({ GRAPHQL_EXECUTOR: 'JIT' })).toThrow(
      new ConfigError([{ variable: 'GRAPHQL_EXECUTOR', problem: 'must be jit or graphql-js, got "JIT"' }]),
    );
    expect(() => loadConfig({ GRAPHQL_EXECUTOR: 'turbo' })).toThrow(
      'Invalid configuration:\n  GRAPHQL_EXECUTOR: must be jit or graphql-js, got "turbo"',
    );
  });
});

import { z } from 'zod';

import { DEFAULTS, type Config } from './config.js';

/** Thrown when the environment holds invalid settings; its message names every bad variable. */
export class ConfigError extends Error {
  readonly variables: readonly string[];
  constructor(problems: readonly { variable: string; problem: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.problem}`).join('\n')}`);
    this.name = 'ConfigError';
    this.variables = problems.map((p) => p.variable);
  }
}

const integer = (min: number, fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^-?\d+$/, 'must be an integer')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`))
    .optional()
    .transform((value) => value ?? fallback);

const boolean = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .refine((v) => ['true', 'false', '1', '0', 'yes', 'no'].includes(v), 'must be true or false')
    .transform((v) => ['true', '1', 'yes'].includes(v))
    .optional()
    .transform((value) => value ?? fallback);

/** A `mysql://` URL whose path passes `check` (which returns the problem, if any). */
const mysqlUrl = (check: (database: string) => string | undefined) =>
  z
    .string()
    .trim()
    .superRefine((value, context) => {
      let url: URL | undefined;
      try {
        url = new URL(value);
      } catch {
        // reported below
      }
      const problem = url?.protocol === 'mysql:' ? check(databaseOf(url)) : 'must be a mysql:// URL';
      if (problem) context.addIssue({ code: 'custom', message: problem });
    });

// DATABASE_URL names a server: its databases are created on it as cellgate_api, cellgate_cell0, ... A path
// would otherwise become part of every name ("mydb/cellgate_api").
const serverUrl = mysqlUrl((database) =>
  database === ''
    ? undefined
    : `must name a server, not a database: remove "/${database}" (cellgate creates the databases cellgate_api and cellgate_<cell> on that server)`,
);

const databaseUrl = mysqlUrl((database) =>
  database !== '' && !database.includes('/')
    ? undefined
    : 'must name one database, e.g. mysql://root@127.0.0.1:3306/cellgate_api',
);

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL');

const claimPath = z
  .string()
  .trim()
  .regex(/^[^.\s]+(\.[^.\s]+)*$/, 'must be a claim name or a dotted path such as realm_access.roles');

const environment = z.object({
  DATABASE_URL: serverUrl.optional(),
  API_DATABASE_URL: databaseUrl.optional(),
  PORT: integer(0, DEFAULTS.PORT).pipe(z.number().max(65_535, 'must be at most 65535')),
  HOST: z.string().trim().min(1).optional(),
  AUTH_JWT_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  AUTH_JWKS_URL: httpUrl.optional(),
  AUTH_JWKS_COOLDOWN_S: integer(0, DEFAULTS.AUTH_JWKS_COOLDOWN_S),
  AUTH_ISSUER: z.string().trim().min(1).optional(),
  AUTH_AUDIENCE: z.string().trim().min(1).optional(),
  AUTH_PROJECT_CLAIM: claimPath.optional(),
  AUTH_ROLES_CLAIM: claimPath.optional(),
  MAX_QUERY_COST: integer(1, DEFAULTS.MAX_QUERY_COST),
  MAX_QUERY_ALIASES: integer(0, DEFAULTS.MAX_QUERY_ALIASES),
  MAX_QUERY_TOKENS: integer(1, DEFAULTS.MAX_QUERY_TOKENS),
  CELL_TIMEOUT_MS: integer(1, DEFAULTS.CELL_TIMEOUT_MS),
  CELL_BREAKER_FAILURE_THRESHOLD: integer(1, DEFAULTS.CELL_BREAKER_FAILURE_THRESHOLD),
  CELL_BREAKER_OPEN_MS: integer(1, DEFAULTS.CELL_BREAKER_OPEN_MS),
  CELL_POOL_SIZE: integer(1, DEFAULTS.CELL_POOL_SIZE),
  MAX_CELL_QUERIES_PER_REQUEST: integer(1, 0),
  REQUEST_TIMEOUT_MS: integer(1, 0),
  MAX_LIMIT: integer(1, DEFAULTS.MAX_LIMIT),
  MAX_REQUEST_BODY_BYTES: integer(1_024, DEFAULTS.MAX_REQUEST_BODY_BYTES),
  LIST_RECORDS_BY_SKIPPING_DOWN_CELLS: boolean(DEFAULTS.LIST_RECORDS_BY_SKIPPING_DOWN_CELLS),
  MESSAGE_TTL_S: integer(1, DEFAULTS.MESSAGE_TTL_S),
  MESSAGE_REAP_INTERVAL_S: integer(-1, DEFAULTS.MESSAGE_REAP_INTERVAL_S).refine(
    (v) => v !== 0,
    'must be a positive number of seconds, or -1 for never',
  ),
  MESSAGE_REAP_BATCH_SIZE: integer(1, DEFAULTS.MESSAGE_REAP_BATCH_SIZE),
  UPDATE_SHARES_STATUS_ON_ENSURE: boolean(DEFAULTS.UPDATE_SHARES_STATUS_ON_ENSURE),
  SERVICE_DOWN_TIME_S: integer(1, DEFAULTS.SERVICE_DOWN_TIME_S),
  WORKER_POLL_INTERVAL_MS: integer(1, DEFAULTS.WORKER_POLL_INTERVAL_MS),
  TASK_LEASE_S: integer(1, DEFAULTS.TASK_LEASE_S),
  HEARTBEAT_INTERVAL_S: integer(1, DEFAULTS.HEARTBEAT_INTERVAL_S),
  SIMULATED_DRIVER_DELAY_MS: integer(0, DEFAULTS.SIMULATED_DRIVER_DELAY_MS),
  MAPPING_REPAIR_GRACE_S: integer(1, DEFAULTS.MAPPING_REPAIR_GRACE_S),
  REFERENCE_DATA_REFRESH_S: integer(1, DEFAULTS.REFERENCE_DATA_REFRESH_S),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .optional(),
  GRAPHQL_EXECUTOR: z
    .enum(['jit', 'graphql-js'], {
      error: (issue) => `must be jit or graphql-js, got ${JSON.stringify(issue.input)}`,
    })
    .optional(),
});

/**
 * Reads the configuration from environment variables, validating each one once.
 *
 * Empty variables count as unset. Throws a `ConfigError` that lists *every* bad variable, not only the first.
 * The result is deeply frozen.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = environment.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? 'environment'),
        problem: issue.message,
      })),
    );
  }
  const e = parsed.data;
  const problems = crossProblems(e);
  if (problems.length > 0) throw new ConfigError(problems);
  const databaseUrl = stripTrailingSlash(e.DATABASE_URL ?? DEFAULTS.DATABASE_URL);
  const config: Config = {
    databaseUrl,
    apiDatabaseUrl: e.API_DATABASE_URL ?? `${databaseUrl}/cellgate_api`,
    apiDatabaseUrlVariable: e.API_DATABASE_URL === undefined ? 'DATABASE_URL' : 'API_DATABASE_URL',
    port: e.PORT,
    host: e.HOST ?? DEFAULTS.HOST,
    auth: {
      jwtSecret: e.AUTH_JWT_SECRET,
      jwksUrl: e.AUTH_JWKS_URL,
      jwksCooldownS: e.AUTH_JWKS_COOLDOWN_S,
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
      projectClaim: e.AUTH_PROJECT_CLAIM ?? DEFAULTS.AUTH_PROJECT_CLAIM,
      rolesClaim: e.AUTH_ROLES_CLAIM ?? DEFAULTS.AUTH_ROLES_CLAIM,
    },
    queryLimits: {
      maxCost: e.MAX_QUERY_COST,
      maxAliases: e.MAX_QUERY_ALIASES,
      maxTokens: e.MAX_QUERY_TOKENS,
    },
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS || defaultRequestTimeoutMs(e.CELL_TIMEOUT_MS),
    maxLimit: e.MAX_LIMIT,
    maxRequestBodyBytes: e.MAX_REQUEST_BODY_BYTES,
    logLevel: e.LOG_LEVEL ?? DEFAULTS.LOG_LEVEL,
    graphqlExecutor: e.GRAPHQL_EXECUTOR ?? DEFAULTS.GRAPHQL_EXECUTOR,
    referenceDataRefreshS: e.REFERENCE_DATA_REFRESH_S,
    cells: {
      timeoutMs: e.CELL_TIMEOUT_MS,
      breakerFailureThreshold: e.CELL_BREAKER_FAILURE_THRESHOLD,
      breakerOpenMs: e.CELL_BREAKER_OPEN_MS,
      listRecordsBySkippingDownCells: e.LIST_RECORDS_BY_SKIPPING_DOWN_CELLS,
      poolSize: e.CELL_POOL_SIZE,
      maxQueriesPerRequest: e.MAX_CELL_QUERIES_PER_REQUEST || defaultMaxQueriesPerRequest(e.CELL_POOL_SIZE),
    },
    messages: {
      ttlS: e.MESSAGE_TTL_S,
      reapIntervalS: e.MESSAGE_REAP_INTERVAL_S,
      reapBatchSize: e.MESSAGE_REAP_BATCH_SIZE,
    },
    workers: {
      serviceDownTimeS: e.SERVICE_DOWN_TIME_S,
      updateSharesStatusOnEnsure: e.UPDATE_SHARES_STATUS_ON_ENSURE,
      pollIntervalMs: e.WORKER_POLL_INTERVAL_MS,
      taskLeaseS: e.TASK_LEASE_S,
      heartbeatIntervalS: e.HEARTBEAT_INTERVAL_S,
      simulatedDriverDelayMs: e.SIMULATED_DRIVER_DELAY_MS,
      mappingRepairGraceS: e.MAPPING_REPAIR_GRACE_S,
    },
  };
  return deepFreeze(config);
}

/** `REQUEST_TIMEOUT_MS` when unset: room for two cell timeouts in a row (a marker, then the page) and a second. */
export function defaultRequestTimeoutMs(cellTimeoutMs: number): number {
  return 2 * cellTimeoutMs + 1_000;
}

/** `MAX_CELL_QUERIES_PER_REQUEST` when unset: a third of a cell's pool, so three heavy requests leave room. */
export function defaultMaxQueriesPerRequest(poolSize: number): number {
  return Math.max(1, Math.floor(poolSize / 3));
}

/**
 * Problems between variables, each named with the other. Apollo Router's rule: a request deadline shorter than a
 * cell's would cut every slow cell short and make the per-cell timeout meaningless, so it is refused rather
 * than silently raised (the operator asked for something that cannot hold).
 */
function crossProblems(e: z.infer<typeof environment>): { variable: string; problem: string }[] {
  const problems: { variable: string; problem: string }[] = [];
  if (e.REQUEST_TIMEOUT_MS !== 0 && e.REQUEST_TIMEOUT_MS < e.CELL_TIMEOUT_MS) {
    problems.push({
      variable: 'REQUEST_TIMEOUT_MS',
      problem: `must be at least CELL_TIMEOUT_MS (${e.CELL_TIMEOUT_MS}), got ${e.REQUEST_TIMEOUT_MS}: the deadline of a request is never shorter than a cell's`,
    });
  }
  const requestTimeoutMs = e.REQUEST_TIMEOUT_MS || defaultRequestTimeoutMs(e.CELL_TIMEOUT_MS);
  if (e.MAPPING_REPAIR_GRACE_S * 1000 <= requestTimeoutMs) {
    problems.push({
      variable: 'MAPPING_REPAIR_GRACE_S',
      problem: `must be longer than REQUEST_TIMEOUT_MS (${requestTimeoutMs} ms), got ${e.MAPPING_REPAIR_GRACE_S} s: a create still writing its mapping would be undone`,
    });
  }
  if (e.MAX_CELL_QUERIES_PER_REQUEST > e.CELL_POOL_SIZE) {
    problems.push({
      variable: 'MAX_CELL_QUERIES_PER_REQUEST',
      problem: `must be at most CELL_POOL_SIZE (${e.CELL_POOL_SIZE}), got ${e.MAX_CELL_QUERIES_PER_REQUEST}`,
    });
  }
  return problems;
}

/** The database a URL names: its path without the leading slash, decoded. */
function databaseOf(url: URL): string {
  const path = url.pathname.replace(/^\//, '');
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function stripTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object') deepFreeze(child as object);
  }
  return Object.freeze(value);
}

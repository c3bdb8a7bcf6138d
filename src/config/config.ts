/** Settings of the fan-out to cells. */
export interface CellsConfig {
  /** Per-cell deadline of one request in milliseconds (`CELL_TIMEOUT_MS`). Default `2_000`. */
  readonly timeoutMs: number;
  /** Consecutive failures that open a cell's circuit (`CELL_BREAKER_FAILURE_THRESHOLD`). Default `3`. */
  readonly breakerFailureThreshold: number;
  /** Milliseconds an open circuit waits before probing the cell again (`CELL_BREAKER_OPEN_MS`). Default `3_000`. */
  readonly breakerOpenMs: number;
  /** Whether a list skips a down cell it may not build constructs for (`LIST_RECORDS_BY_SKIPPING_DOWN_CELLS`),
   * rather than failing with `CELL_UNAVAILABLE`. Default `true`. */
  readonly listRecordsBySkippingDownCells: boolean;
  /** Connections per cell database pool (`CELL_POOL_SIZE`). Default `10`. */
  readonly poolSize: number;
  /** Cell queries one request may have in flight per cell (`MAX_CELL_QUERIES_PER_REQUEST`), at most `poolSize`:
   * the per-request bulkhead, so one request cannot hold every connection of a cell's pool. Default
   * `max(1, floor(CELL_POOL_SIZE / 3))` (3 with the default pool). */
  readonly maxQueriesPerRequest: number;
}

/** Settings of user messages (Cinder's `message_ttl`, `message_reap_interval`, plus a batch size). */
export interface MessagesConfig {
  /** Lifetime of a message in seconds (`MESSAGE_TTL_S`). Default `2_592_000` (30 days). */
  readonly ttlS: number;
  /** Seconds between reaper passes (`MESSAGE_REAP_INTERVAL_S`); `-1` never reaps. Default `86_400`. */
  readonly reapIntervalS: number;
  /** Rows deleted per reaper statement (`MESSAGE_REAP_BATCH_SIZE`). Default `1_000`. */
  readonly reapBatchSize: number;
}

/** Settings of the cell workers. */
export interface WorkersConfig {
  /** Seconds without a heartbeat after which a service is DOWN (`SERVICE_DOWN_TIME_S`). Default `60`. */
  readonly serviceDownTimeS: number;
  /** Whether ensure shares sets the backend's shares to ENSURING (`UPDATE_SHARES_STATUS_ON_ENSURE`). Default `true`. */
  readonly updateSharesStatusOnEnsure: boolean;
  /** Milliseconds between polls of an idle task queue (`WORKER_POLL_INTERVAL_MS`). Default `250`. */
  readonly pollIntervalMs: number;
  /** Seconds a claimed task stays leased to its worker (`TASK_LEASE_S`). Default `30`. */
  readonly taskLeaseS: number;
  /** Seconds between heartbeats of a worker (`HEARTBEAT_INTERVAL_S`). Default `10`. */
  readonly heartbeatIntervalS: number;
  /** Milliseconds the simulated hypervisor and share driver take per step (`SIMULATED_DRIVER_DELAY_MS`). Default `0`. */
  readonly simulatedDriverDelayMs: number;
  /**
   * Seconds after which a resource still `is_mapped = false` is settled by its cell's worker: marked mapped when its
   * mapping exists, deleted when it does not (a create never acknowledged) (`MAPPING_REPAIR_GRACE_S`). Default `30`;
   * longer than `REQUEST_TIMEOUT_MS`, so no create still in flight is undone.
   */
  readonly mappingRepairGraceS: number;
}

/**
 * How bearer tokens are verified (section 2 of the contract, Identity).
 *
 * With `jwksUrl`, tokens are checked against the identity provider's published keys (RS256, ES256, EdDSA); HS256
 * is accepted only with `jwtSecret`. With neither, the gateway generates a secret on first start and keeps it in
 * the API database (`registry/jwt-secret.ts`); no secret is built into the code.
 */
export interface AuthConfig {
  /** HS256 secret of bearer tokens (`AUTH_JWT_SECRET`), 16+ characters. Default: none. */
  readonly jwtSecret: string | undefined;
  /** The identity provider's JWK set (`AUTH_JWKS_URL`), an http(s) URL. Default: none. */
  readonly jwksUrl: string | undefined;
  /** Seconds after a fetch of the JWK set before an unknown `kid` may fetch it again (`AUTH_JWKS_COOLDOWN_S`).
   * Default `30`. */
  readonly jwksCooldownS: number;
  /** Required `iss` (`AUTH_ISSUER`). Default: not checked. */
  readonly issuer: string | undefined;
  /** Required `aud` (`AUTH_AUDIENCE`). Default: not checked. */
  readonly audience: string | undefined;
  /** Claim holding the project id, a dotted path (`AUTH_PROJECT_CLAIM`). Default `project_id`. */
  readonly projectClaim: string;
  /** Claim holding the roles array, a dotted path such as `realm_access.roles` (`AUTH_ROLES_CLAIM`). Default
   * `roles`. */
  readonly rolesClaim: string;
}

/** Bounds on one GraphQL document, checked before any database is asked (`QUERY_TOO_COMPLEX`). */
export interface QueryLimitsConfig {
  /** Largest estimated cost of one operation (`MAX_QUERY_COST`); the model is in `graphql/query-cost.ts`.
   * Default `20_000`. */
  readonly maxCost: number;
  /** Most aliased fields in one operation, fragments expanded (`MAX_QUERY_ALIASES`). Default `30`. */
  readonly maxAliases: number;
  /** Most lexical tokens in one document (`MAX_QUERY_TOKENS`). Default `10_000`. */
  readonly maxTokens: number;
}

/** How the gateway executes GraphQL operations (`GRAPHQL_EXECUTOR`): `server/jit-executor.ts`. */
export type GraphqlExecutor = 'jit' | 'graphql-js';

/** Startup configuration of every cellgate process, read once from the environment and frozen. */
export interface Config {
  /** The MySQL server `npm start` uses for all its databases (`DATABASE_URL`). Default `mysql://root@127.0.0.1:3306`. */
  readonly databaseUrl: string;
  /** The API database (`API_DATABASE_URL`). Default `<DATABASE_URL>/cellgate_api`. */
  readonly apiDatabaseUrl: string;
  /** The variable `apiDatabaseUrl` comes from, for messages: `API_DATABASE_URL`, or `DATABASE_URL` when derived. */
  readonly apiDatabaseUrlVariable: 'API_DATABASE_URL' | 'DATABASE_URL';
  /** HTTP port (`PORT`). Default `4000`. */
  readonly port: number;
  /** Address the HTTP server binds (`HOST`). Default `127.0.0.1` (loopback only; containers set `0.0.0.0`). */
  readonly host: string;
  readonly auth: AuthConfig;
  readonly queryLimits: QueryLimitsConfig;
  /** Largest request body accepted, in bytes (`MAX_REQUEST_BODY_BYTES`); larger is 413 `PAYLOAD_TOO_LARGE`.
   * Default `1_048_576` (1 MiB). */
  readonly maxRequestBodyBytes: number;
  /** Deadline of one whole request in milliseconds (`REQUEST_TIMEOUT_MS`): every cell and API-database call of
   * the request gets `min(its own timeout, what is left)`. Never shorter than `CELL_TIMEOUT_MS`. Default
   * `2 × CELL_TIMEOUT_MS + 1000`. */
  readonly requestTimeoutMs: number;
  /** Largest page a list returns, and the default page size (`MAX_LIMIT`). Default `1_000`. */
  readonly maxLimit: number;
  /** pino log level (`LOG_LEVEL`). Default `info`. */
  readonly logLevel: string;
  /**
   * How operations are executed (`GRAPHQL_EXECUTOR`). Default `jit`: a document sent again is compiled once with
   * graphql-jit (`server/jit-executor.ts`); `graphql-js` runs Apollo Server's own graphql-js `execute`.
   */
  readonly graphqlExecutor: GraphqlExecutor;
  /**
   * Seconds between background reads of the reference data (`REFERENCE_DATA_REFRESH_S`): flavors, share types and
   * share networks are answered from the copy last read, so they survive an outage of the API database; a change
   * made elsewhere shows after at most this long while the API database answers. Default `10`.
   */
  readonly referenceDataRefreshS: number;
  readonly cells: CellsConfig;
  readonly messages: MessagesConfig;
  readonly workers: WorkersConfig;
}

/** Default values, by environment variable. */
export const DEFAULTS = {
  DATABASE_URL: 'mysql://root@127.0.0.1:3306',
  PORT: 4000,
  HOST: '127.0.0.1',
  AUTH_JWKS_COOLDOWN_S: 30,
  AUTH_PROJECT_CLAIM: 'project_id',
  AUTH_ROLES_CLAIM: 'roles',
  MAX_QUERY_COST: 20_000,
  MAX_QUERY_ALIASES: 30,
  MAX_QUERY_TOKENS: 10_000,
  CELL_TIMEOUT_MS: 2_000,
  CELL_BREAKER_FAILURE_THRESHOLD: 3,
  CELL_BREAKER_OPEN_MS: 3_000,
  CELL_POOL_SIZE: 10,
  MAX_LIMIT: 1_000,
  MAX_REQUEST_BODY_BYTES: 1_048_576,
  LIST_RECORDS_BY_SKIPPING_DOWN_CELLS: true,
  MESSAGE_TTL_S: 2_592_000,
  MESSAGE_REAP_INTERVAL_S: 86_400,
  MESSAGE_REAP_BATCH_SIZE: 1_000,
  UPDATE_SHARES_STATUS_ON_ENSURE: true,
  SERVICE_DOWN_TIME_S: 60,
  WORKER_POLL_INTERVAL_MS: 250,
  TASK_LEASE_S: 30,
  HEARTBEAT_INTERVAL_S: 10,
  SIMULATED_DRIVER_DELAY_MS: 0,
  MAPPING_REPAIR_GRACE_S: 30,
  REFERENCE_DATA_REFRESH_S: 10,
  LOG_LEVEL: 'info',
  GRAPHQL_EXECUTOR: 'jit',
} as const;

import type { Kysely } from 'kysely';
import pino, { type Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';

import { createAuthenticator, remoteJwks, type AuthenticateFn } from './auth/authenticate.js';
import { secretKey } from './auth/sign-token.js';
import { CellConnections } from './cell-db/cell-connections.js';
import { pingCellDatabase } from './cell-db/cell-ping.repository.js';
import { StatementCache } from './cell-db/statement-cache.repository.js';
import type { Config } from './config/config.js';
import { withDeadline } from './database/abort-scope.js';
import { openDatabase, type OpenDatabase } from './database/open-database.js';
import { CellHealth } from './fanout/cell-health.js';
import { createCellMetrics, type CellMetrics } from './fanout/cell-metrics.js';
import { PageShapes } from './fanout/page-shapes.js';
import type { AppServices } from './graphql/app-services.js';
import { ApiDatabaseHealth } from './registry/api-database-health.js';
import type { ApiDatabase } from './registry/api-database.js';
import { ProjectCells } from './registry/project-cells.js';
import { CellRegistry } from './registry/cell-registry.js';
import { ReferenceDataCache } from './registry/reference-data-cache.js';
import { resolveJwtSecret } from './registry/jwt-secret.js';
import { createHttpServer, type HttpServer } from './server/http-server.js';
import { WorkerSupervisor } from './workers/worker-supervisor.js';

/** The running gateway: its services and HTTP server. */
export interface App {
  readonly services: AppServices;
  readonly http: HttpServer;
  readonly metricsRegistry: Registry;
  /** Starts listening; resolves to the address, e.g. `http://127.0.0.1:4000`. */
  listen(): Promise<string>;
  /** Stops accepting requests, drains the in-flight ones, closes every pool. Idempotent. */
  close(): Promise<void>;
}

/** Options of `createApp`. */
export interface AppOptions {
  /** A logger to use instead of a new one (tests pass a silent one). */
  readonly logger?: Logger;
}

/**
 * The composition root: the only place the gateway's long-lived objects are built (pools, registry, health,
 * HTTP server).
 *
 * Rejects when the API database does not answer: the gateway cannot route anything without it.
 */
export async function createApp(config: Config, options: AppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config);
  const metricsRegistry = new Registry();
  collectDefaultMetrics({ register: metricsRegistry });
  const metrics = createCellMetrics(metricsRegistry);
  const api = openApiDatabase(config);
  const registry = new CellRegistry(api.db);
  const reference = new ReferenceDataCache(api.db, config.referenceDataRefreshS * 1000);
  try {
    await Promise.all([registry.refresh(), reference.refresh()]);
  } catch (error) {
    await api.db.destroy();
    throw new Error(`The API database does not answer: ${(error as Error).message}`, { cause: error });
  }
  let authenticate: AuthenticateFn;
  try {
    authenticate = await createGatewayAuthenticator(config, api.db, logger);
  } catch (error) {
    await api.db.destroy();
    throw error;
  }
  const connections = openCellConnections(config, metrics);
  metrics.watchPools(() => connections.poolStats());
  const health = new CellHealth({
    circuit: {
      failureThreshold: config.cells.breakerFailureThreshold,
      openForMs: config.cells.breakerOpenMs,
    },
    metrics,
    probeFn: async (cell) => {
      await withDeadline(config.cells.timeoutMs, () => pingCellDatabase(connections.get(cell)));
    },
    onTransitionFn: (cell, from, to) =>
      logger.warn(
        { event: 'cell.breaker', cell: cell.name, from, to },
        `cell ${cell.name} breaker ${from} -> ${to}`,
      ),
  });
  health.start(() => registry.cells());
  registry.start();
  reference.start();
  const apiHealth = new ApiDatabaseHealth({
    api: api.db,
    url: config.apiDatabaseUrl,
    timeoutMs: config.cells.timeoutMs,
    probeIntervalMs: config.cells.breakerOpenMs,
    onChangeFn: (state, reason) => {
      logger.warn({ event: 'api_database.state', state, reason }, `API database ${state}`);
      // Back: read what may have changed meanwhile now, rather than at the next tick.
      if (state === 'UP') {
        registry.refresh().catch(() => undefined);
        reference.refresh().catch(() => undefined);
      }
    },
  });
  const projectCells = new ProjectCells(apiHealth);
  const services: AppServices = {
    config,
    api: api.db,
    apiHealth,
    registry,
    projectCells,
    pageShapes: new PageShapes(),
    statements: new StatementCache(),
    reference,
    connections,
    health,
    metrics,
    logger,
  };
  const http = await createHttpServer(services, metricsRegistry, authenticate);

  let closing: Promise<void> | undefined;
  return {
    services,
    http,
    metricsRegistry,
    listen: () => http.fastify.listen({ port: config.port, host: config.host }),
    close: () => {
      closing ??= (async () => {
        await http.fastify.close();
        health.stop();
        registry.stop();
        reference.stop();
        apiHealth.stop();
        await connections.destroyAll();
        await api.db.destroy();
      })();
      return closing;
    },
  };
}

/**
 * The bearer-token check of the gateway, from `AUTH_*`: the identity provider's JWK set (`AUTH_JWKS_URL`) and/or
 * the HS256 secret in force (`AUTH_JWT_SECRET`, or the one generated and kept in the API database).
 */
export async function createGatewayAuthenticator(
  config: Config,
  api: Kysely<ApiDatabase>,
  logger: Logger,
): Promise<AuthenticateFn> {
  const { auth } = config;
  const secret = await resolveJwtSecret(auth, api);
  if (auth.jwtSecret === undefined && auth.jwksUrl === undefined) {
    logger.info(
      { event: 'auth.generated_secret' },
      'Neither AUTH_JWT_SECRET nor AUTH_JWKS_URL is set: HS256 tokens use the secret generated in the API database.',
    );
  }
  return createAuthenticator({
    secret: secret === undefined ? undefined : secretKey(secret),
    jwks: auth.jwksUrl === undefined ? undefined : remoteJwks(auth.jwksUrl, auth.jwksCooldownS),
    issuer: auth.issuer,
    audience: auth.audience,
    projectClaim: auth.projectClaim,
    rolesClaim: auth.rolesClaim,
    onKeySetErrorFn: (error) =>
      logger.warn(
        { event: 'auth.jwks_unavailable', err: error },
        'The JWK set of AUTH_JWKS_URL could not be fetched',
      ),
  });
}

/** The process logger: JSON lines, with the level from `LOG_LEVEL`. */
export function createLogger(config: Config): Logger {
  return pino({ level: config.logLevel, base: { service: 'cellgate' } });
}

/** The API database, every query bounded. */
export function openApiDatabase(config: Config): OpenDatabase<ApiDatabase> {
  return openDatabase<ApiDatabase>({
    url: config.apiDatabaseUrl,
    label: 'api',
    connectionLimit: config.cells.poolSize,
    connectTimeoutMs: Math.min(config.cells.timeoutMs * 2, 5_000),
    defaultTimeoutMs: Math.max(config.cells.timeoutMs * 2, 5_000),
  });
}

/** The pools of every cell database, counting statements and abandoned connections in `metrics`. */
export function openCellConnections(config: Config, metrics?: CellMetrics): CellConnections {
  return new CellConnections({
    connectionLimit: config.cells.poolSize,
    // Short: a frozen server accepts the TCP connect and then never answers the handshake.
    connectTimeoutMs: Math.min(config.cells.timeoutMs, 2_000),
    defaultTimeoutMs: Math.max(config.cells.timeoutMs * 5, 10_000),
    ...(metrics
      ? { onQueryFn: metrics.countQuery, onAbandonFn: (cell: string) => metrics.countAbandoned(cell) }
      : {}),
  });
}

/** How long `startWorkers` waits for the first heartbeats of its cells, in ms. */
const FIRST_BEAT_WAIT_MS = 2_000;

/** Workers running in this process, with the registry that feeds them new cells. */
export interface RunningWorkers {
  readonly supervisor: WorkerSupervisor;
  readonly registry: CellRegistry;
  stop(): Promise<void>;
}

/**
 * Starts the workers of every registered cell, or of `onlyCell`, and keeps adding workers for cells registered
 * later (the registry refreshes every 10 s). Resolves once every worker's first heartbeat is written (at most
 * `FIRST_BEAT_WAIT_MS` later), so its services read UP as soon as it runs. Rejects when `onlyCell` is not
 * registered.
 */
export async function startWorkers(options: {
  readonly config: Config;
  readonly api: Kysely<ApiDatabase>;
  readonly logger: Logger;
  readonly onlyCell?: string | undefined;
}): Promise<RunningWorkers> {
  const registry = new CellRegistry(options.api);
  const cells = await registry.refresh();
  if (options.onlyCell !== undefined && !cells.some((cell) => cell.name === options.onlyCell)) {
    throw new Error(`Cell "${options.onlyCell}" is not registered (see \`cellgate cell list\`).`);
  }
  const supervisor = new WorkerSupervisor({ ...options });
  // Services are UP when this resolves, unless a cell does not answer: then start anyway after a moment (its
  // worker keeps beating, and a down cell is never a reason not to serve the others).
  await Promise.race([
    supervisor.sync(cells),
    new Promise((resolve) => setTimeout(resolve, FIRST_BEAT_WAIT_MS).unref()),
  ]);
  registry.start((changed) => void supervisor.sync(changed));
  return {
    supervisor,
    registry,
    stop: async () => {
      registry.stop();
      await supervisor.stop();
    },
  };
}

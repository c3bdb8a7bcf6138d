import pino from 'pino';

import { createApp, type App } from '../../src/app.js';
import { createCell } from '../../src/cli/cell-commands.js';
import { demoSeedCommand } from '../../src/cli/demo-seed-command.js';
import { migrateAll } from '../../src/cli/migrate-all.js';
import { signTokens } from '../../src/cli/token-command.js';
import type { Config } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { startMariaDb, type MariaDbServer } from './mariadb-server.js';

/** Options of `startTopology`. */
export interface TopologyOptions {
  /** Cells besides cell0, each on its own MariaDB server. Default `['cell1', 'cell2', 'cell3']`. */
  readonly cells?: readonly string[];
  /** Demo servers per project per cell; `0` seeds nothing. Default `5`. */
  readonly serversPerCell?: number;
  /** Extra environment for the gateway's configuration (e.g. `CELL_TIMEOUT_MS`). */
  readonly env?: Readonly<Record<string, string>>;
  /** Whether to start the gateway in-process. Default `true`. */
  readonly withGateway?: boolean;
  /**
   * Whether every cell is a database on one shared MariaDB server (the API database keeps its own), for tests of
   * many cells that do not kill single cells. Default `false`: one server per cell.
   */
  readonly hasCellsOnOneServer?: boolean;
}

/** A GraphQL answer over HTTP. */
export interface GraphqlAnswer<T = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: {
    readonly data?: T | null;
    readonly errors?: readonly {
      readonly message: string;
      readonly path?: readonly (string | number)[];
      readonly extensions?: Record<string, unknown>;
    }[];
    readonly extensions?: Record<string, unknown>;
  };
  /** Milliseconds from sending to the parsed answer. */
  readonly elapsedMs: number;
}

/** A gateway of a topology: its app, address and a GraphQL client. */
export interface Gateway {
  readonly app: App;
  readonly baseUrl: string;
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GraphqlAnswer<T>>;
}

/** Posts a GraphQL request to `baseUrl` with `token` (`null` sends none) and any extra `headers`. */
export async function postGraphql<T>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown> | undefined,
  token: string | null,
  headers: Readonly<Record<string, string>> = {},
): Promise<GraphqlAnswer<T>> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as GraphqlAnswer<T>['body'];
  return { status: response.status, headers: response.headers, body, elapsedMs: performance.now() - started };
}

/** A running cellgate deployment of a test: an API database server, one server per cell, and the gateway. */
export interface Topology {
  readonly apiServer: MariaDbServer;
  /** Cell name → its MariaDB server (cell0 included). */
  readonly cellServers: ReadonlyMap<string, MariaDbServer>;
  readonly config: Config;
  readonly app: App | undefined;
  /** `http://127.0.0.1:<port>`. */
  readonly baseUrl: string;
  /** Admin, members of `demo` and `alt`, and a reader of `demo`, signed as `cellgate token` signs them. */
  readonly tokens: {
    readonly admin: string;
    readonly demo: string;
    readonly alt: string;
    readonly demoReader: string;
  };
  /** The environment that points a `cellgate` process at this topology. */
  readonly env: Readonly<Record<string, string>>;
  /** Posts a GraphQL request with `token` (default: admin; `null` sends none). */
  graphql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<GraphqlAnswer<T>>;
  /** The MariaDB server of `cell`. */
  cell(name: string): MariaDbServer;
  /** Starts another gateway on the same databases with `env` added to the configuration (stopped by `stop`). */
  startGateway(env: Readonly<Record<string, string>>): Promise<Gateway>;
  /** Stops the gateway and removes every server. */
  stop(): Promise<void>;
}

/**
 * Starts a deployment for a test: one MariaDB process for the API database and one per cell (cell0 and `cells`),
 * migrated, registered through the CLI's code, seeded with the demo topology, and (by default) the gateway
 * in-process on a free port.
 */
export async function startTopology(options: TopologyOptions = {}): Promise<Topology> {
  const cellNames = ['cell0', ...(options.cells ?? ['cell1', 'cell2', 'cell3'])];
  const servers = await Promise.all(
    [null, ...(options.hasCellsOnOneServer === true ? [null] : cellNames)].map(() => startMariaDb()),
  );
  const apiServer = servers[0]!;
  const cellServers = new Map(
    cellNames.map((name, index) => [name, servers[options.hasCellsOnOneServer === true ? 1 : index + 1]!]),
  );
  const env: Record<string, string> = {
    DATABASE_URL: apiServer.url,
    API_DATABASE_URL: apiServer.urlOf('cellgate_api'),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    AUTH_JWT_SECRET: 'test-secret-of-at-least-sixteen-characters',
    ...options.env,
  };
  const config = loadConfig(env);
  try {
    await migrateAll(config, () => undefined);
    for (const name of cellNames) {
      await createCell(config, { name, databaseUrl: cellServers.get(name)!.urlOf(`cellgate_${name}`) });
    }
    const serversPerCell = options.serversPerCell ?? 5;
    if (serversPerCell > 0) await demoSeedCommand(config, serversPerCell);
  } catch (error) {
    await Promise.all(servers.map((server) => server.stop()));
    throw error;
  }
  const app =
    options.withGateway === false
      ? undefined
      : await createApp(config, { logger: pino({ level: 'silent' }) });
  const baseUrl = app ? await app.listen() : '';
  const extraGateways: App[] = [];
  const [admin, demo, alt, demoReader] =
    config.auth.jwtSecret === undefined && config.auth.jwksUrl !== undefined
      ? ['', '', '', '']
      : await signTokens(config, [
          { userId: 'admin', projectId: 'admin', role: 'admin' },
          { userId: 'demo-user', projectId: 'demo', role: 'member' },
          { userId: 'alt-user', projectId: 'alt', role: 'member' },
          { userId: 'demo-reader', projectId: 'demo', role: 'reader' },
        ]);
  const tokens = { admin: admin!, demo: demo!, alt: alt!, demoReader: demoReader! };
  return {
    apiServer,
    cellServers,
    config,
    app,
    baseUrl,
    tokens,
    env,
    graphql: (query, variables, token = tokens.admin) => postGraphql(baseUrl, query, variables, token),
    async startGateway(extra) {
      const gatewayConfig = loadConfig({ ...env, ...extra });
      const other = await createApp(gatewayConfig, { logger: pino({ level: 'silent' }) });
      const address = await other.listen();
      extraGateways.push(other);
      return {
        app: other,
        baseUrl: address,
        graphql: (query, variables, token = tokens.admin) => postGraphql(address, query, variables, token),
      };
    },
    cell(name) {
      const server = cellServers.get(name);
      if (!server) throw new Error(`No cell ${name} in this topology.`);
      return server;
    },
    async stop() {
      await Promise.all(extraGateways.map((gateway) => gateway.close()));
      await app?.close();
      await Promise.all(servers.map((server) => server.stop()));
    },
  };
}

/** Polls `check` every 50 ms until it returns a truthy value or `timeoutMs` passes (then rejects). */
export async function waitFor<T>(
  check: () => Promise<T> | T,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<Exclude<T, undefined | null | false>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as Exclude<T, undefined | null | false>;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}: ${String(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

import { randomUUID } from 'node:crypto';

import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { GraphQLSchema } from 'graphql';
import type { Registry } from 'prom-client';

import type { AuthenticateFn } from '../auth/authenticate.js';
import type { GraphqlExecutor } from '../config/config.js';
import type { Viewer } from '../auth/viewer.js';
import { GatewayError } from '../errors/gateway-error.js';
import { ErrorCode } from '../errors/error-codes.js';
import { RequestFanout } from '../fanout/cell-fanout.js';
import type { AppServices } from '../graphql/app-services.js';
import { createLoaders } from '../graphql/loaders.js';
import type { RequestContext } from '../graphql/request-context.js';
import { buildExecutableSchema } from '../graphql/executable-schema.js';
import { registerEventsPage } from './events-page.js';
import { formatError, sendError, withRequestId } from './format-error.js';
import { httpLevelError } from './http-level-error.js';
import { graphiqlPage, registerGraphiql, wantsHtml } from './graphiql.js';
import { createJitExecutor, type Gateway } from './jit-executor.js';
import { queryLimitsPlugin } from './query-limits-plugin.js';
import { checkReadiness } from './readiness.js';
import { withRequestDeadline } from './request-deadline.js';
import { requestErrorStatusPlugin } from './request-error-status.js';
import { registerResourceLinks } from './resource-links.js';
import { responseExtensionsPlugin } from './response-extensions.js';
import { schemaGateway } from './schema-gateway.js';

declare module 'fastify' {
  interface FastifyRequest {
    viewer?: Viewer;
  }
}

/** The HTTP server and the Apollo Server inside it. */
export interface HttpServer {
  readonly fastify: FastifyInstance;
  readonly apollo: ApolloServer<RequestContext>;
}

/**
 * Builds the HTTP server: Apollo Server 5 on Fastify, GraphiQL from local assets, health, readiness and metrics.
 *
 *   POST /graphql, GET /graphql    GraphQL over HTTP; a bearer token is required (401 UNAUTHENTICATED otherwise);
 *                                  a body over `MAX_REQUEST_BODY_BYTES` is 413 PAYLOAD_TOO_LARGE
 *   GET /, GET /graphql (browser)  GraphiQL (also at /graphiql)
 *   GET /events                    the Event Viewer (built from web/events/), which calls POST /graphql
 *   GET /healthz                   200 while the process runs
 *   GET /readyz                    `ready` or `degraded` (200), `not ready` (503) only when nothing can be
 *                                  answered; the API database's and each cell's state (`readiness.ts`)
 *   GET /metrics                   Prometheus text
 *   GET /v1/servers/:id, /servers/:id, … the `links` of servers, shares and messages (`resource-links.ts`)
 * Every response carries `x-request-id: req-<uuid>`, and every error body (GraphQL or HTTP-level) its
 * `extensions.requestId`, through the one funnel of `format-error.ts`.
 */
export async function createHttpServer(
  services: AppServices,
  metricsRegistry: Registry,
  authenticate: AuthenticateFn,
): Promise<HttpServer> {
  const { config, logger } = services;
  const fastify: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    genReqId: () => `req-${randomUUID()}`,
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    bodyLimit: config.maxRequestBodyBytes,
  });
  const apollo = new ApolloServer<RequestContext>({
    ...executionOptions(config.graphqlExecutor),
    csrfPrevention: true,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError,
    // Bounds the parser itself: a 1 MiB body could otherwise hold a few hundred thousand tokens.
    parseOptions: { maxTokens: config.queryLimits.maxTokens },
    plugins: [
      // The cache-control plugin alone makes large lists ~2.7x slower (it wraps every field resolver).
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      // The default landing page loads from a CDN; GraphiQL is served locally instead.
      ApolloServerPluginLandingPageDisabled(),
      fastifyApolloDrainPlugin(fastify),
      responseExtensionsPlugin(logger),
      queryLimitsPlugin(config.queryLimits, config.maxLimit),
      requestErrorStatusPlugin(),
    ],
  });
  await apollo.start();

  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  // One structured line per request; the request id comes from the child logger (`requestId`).
  fastify.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        event: 'http.request',
        method: request.method,
        url: request.routeOptions.url ?? request.url,
        statusCode: reply.statusCode,
        durationMs: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request answered',
    );
  });
  // Fastify's own errors (malformed JSON, a body over the limit, an unknown media type) and anything a route
  // throws, through the one funnel.
  fastify.setErrorHandler((error, request, reply) => {
    const gatewayError = httpLevelError(error, config.maxRequestBodyBytes);
    if (gatewayError.code === ErrorCode.Internal) request.log.error({ err: error }, 'request failed');
    return sendError(reply, gatewayError);
  });
  fastify.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new GatewayError(ErrorCode.NotFound, `There is no ${request.method} ${request.url.split('?')[0]}.`, {
        httpStatus: 404,
      }),
    ),
  );

  const requireViewer = async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      request.viewer = await authenticate(request.headers.authorization);
    } catch (error) {
      const denied =
        error instanceof GatewayError && error.code === ErrorCode.Unauthenticated
          ? error
          : new GatewayError(ErrorCode.Unauthenticated, 'The bearer token is not valid.', { cause: error });
      return sendError(reply.header('www-authenticate', 'Bearer'), denied);
    }
  };
  const apolloHandler = fastifyApolloHandler<RequestContext>(apollo, {
    context: async (request) => buildContext(services, request),
  });
  const graphql = async (request: FastifyRequest, reply: FastifyReply) => {
    const body: unknown = await withRequestDeadline(config.requestTimeoutMs, async () =>
      apolloHandler.call(fastify, request as never, reply as never),
    );
    return reply.statusCode >= 400 && typeof body === 'string' ? withRequestId(body, request.id) : body;
  };

  fastify.post('/graphql', { preHandler: requireViewer }, graphql);
  fastify.get('/graphql', async (request, reply) => {
    if (wantsHtml(request.headers.accept)) return reply.type('text/html; charset=utf-8').send(graphiqlPage());
    const denied = await requireViewer(request, reply);
    if (denied) return denied;
    return graphql(request, reply);
  });
  fastify.get('/', (_request, reply) => reply.type('text/html; charset=utf-8').send(graphiqlPage()));
  registerGraphiql(fastify);
  await registerEventsPage(fastify);
  registerResourceLinks(fastify, {
    apollo,
    requireViewerFn: requireViewer,
    contextFn: (request) => buildContext(services, request),
    requestTimeoutMs: config.requestTimeoutMs,
  });

  fastify.get('/healthz', async () => ({ status: 'ok' }));
  fastify.get('/readyz', async (_request, reply) => {
    const readiness = await checkReadiness(services);
    return reply.code(readiness.status === 'not ready' ? 503 : 200).send(readiness);
  });
  fastify.get('/metrics', async (_request, reply) =>
    reply.type(metricsRegistry.contentType).send(await metricsRegistry.metrics()),
  );
  return { fastify, apollo };
}

/**
 * Where Apollo Server gets the schema and how it executes operations (`GRAPHQL_EXECUTOR`): with `jit`, the schema
 * behind a gateway whose executor is graphql-jit (`jit-executor.ts`); with `graphql-js`, the same schema given to
 * Apollo, which runs graphql-js's `execute` itself.
 */
function executionOptions(
  executor: GraphqlExecutor,
): { readonly gateway: Gateway; readonly schema?: undefined } | { readonly schema: GraphQLSchema } {
  const schema = buildExecutableSchema();
  switch (executor) {
    case 'jit':
      return { gateway: schemaGateway(schema, createJitExecutor(schema)) };
    case 'graphql-js':
      return { schema };
    default:
      throw new Error(`Unknown GraphQL executor ${String(executor satisfies never)}.`);
  }
}

function buildContext(services: AppServices, request: FastifyRequest): RequestContext {
  const viewer = request.viewer;
  if (!viewer) throw new Error('GraphQL request without an authenticated viewer.');
  const cells = services.registry.cells();
  const fanout = new RequestFanout({
    connections: services.connections,
    health: services.health,
    metrics: services.metrics,
    timeoutMs: services.config.cells.timeoutMs,
    maxQueriesPerCell: services.config.cells.maxQueriesPerRequest,
  });
  const forwardedProto = request.headers['x-forwarded-proto'];
  const protocol =
    typeof forwardedProto === 'string' ? forwardedProto.split(',')[0]!.trim() : request.protocol;
  return {
    requestId: request.id,
    viewer,
    fanout,
    loaders: createLoaders({
      fanout,
      cells,
      reference: services.reference,
      statements: services.statements,
      viewer,
      now: new Date(),
    }),
    services,
    baseUrl: `${protocol}://${request.host}`,
    extraErrors: [],
    list: {
      viewer,
      fanout,
      api: services.api,
      apiHealth: services.apiHealth,
      cells,
      projectCells: services.projectCells,
      pageShapes: services.pageShapes,
      statements: services.statements,
      metrics: services.metrics,
      maxLimit: services.config.maxLimit,
      isSkippingDownCells: services.config.cells.listRecordsBySkippingDownCells,
    },
  };
}

import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { ErrorCode } from '../errors/error-codes.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { RequestContext } from '../graphql/request-context.js';
import type { ResourceKind } from '../resource/resource-kind.js';
import { formatError } from './format-error.js';
import { wantsHtml } from './graphiql.js';
import { withRequestDeadline } from './request-deadline.js';

/**
 * The show query behind each collection of `links` (`/v1/<collection>/<id>` and `/<collection>/<id>`): the same
 * query a client would send to `POST /graphql`, so policy, project scope and down-cell rules are the same. Every
 * resource kind has its collection (`<kind>s`).
 */
export const RESOURCE_SHOW_QUERIES = {
  servers: {
    field: 'server',
    label: 'Server',
    query: `query Server($id: ID!) {
  server(id: $id) {
    id name status projectId userId created updated
    flavor { name vcpus ram disk ephemeral swap extraSpecs }
    image { id name }
    availabilityZone powerState host serverGroups metadata
    links { rel href }
    fault { code message details created }
  }
}`,
  },
  shares: {
    field: 'share',
    label: 'Share',
    query: `query Share($id: ID!) {
  share(id: $id) {
    id name description size shareProto status
    shareType { id name }
    shareNetworkId availabilityZone host isPublic exportLocations snapshotSupport createShareFromSnapshotSupport
    projectId userId createdAt updatedAt
    links { rel href }
  }
}`,
  },
  messages: {
    field: 'message',
    label: 'Message',
    query: `query Message($id: ID!) {
  message(id: $id) {
    id resourceType resourceId actionId detailId userMessage messageLevel eventId requestId projectId
    createdAt expiresAt
    links { rel href }
  }
}`,
  },
} as const satisfies Record<`${ResourceKind}s` | 'messages', ShowQuery>;

/** The show query of one collection of links. */
interface ShowQuery {
  /** The root field of the show query. */
  readonly field: string;
  /** The noun of its 404 message. */
  readonly label: string;
  readonly query: string;
}

/** What `registerResourceLinks` needs of the HTTP server. */
export interface ResourceLinkOptions {
  readonly apollo: ApolloServer<RequestContext>;
  /** Authenticates the request; answers 401 itself and returns the reply when it does. */
  readonly requireViewerFn: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  readonly contextFn: (request: FastifyRequest) => RequestContext;
  /** The deadline of one request (`REQUEST_TIMEOUT_MS`). */
  readonly requestTimeoutMs: number;
}

/**
 * Serves the `links` of servers, shares and messages, so that an href leads somewhere (Nova's `self` and
 * `bookmark` links answer the resource).
 *
 * `GET` with a bearer token answers the show query's GraphQL response as JSON (`{ "data": { "server": … } }`),
 * HTTP 404 with a `NOT_FOUND` error when the resource is `null` for the caller; without a valid token, 401 as
 * `POST /graphql`. A browser asking for HTML is redirected (303) to GraphiQL with the show query and the id filled
 * in; GraphiQL runs it with the token it was last opened with in that browser (`/graphiql#token=…`).
 */
export function registerResourceLinks(fastify: FastifyInstance, options: ResourceLinkOptions): void {
  for (const [collection, show] of Object.entries(RESOURCE_SHOW_QUERIES)) {
    const handler = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
      const variables = { id: request.params.id };
      if (wantsHtml(request.headers.accept)) {
        const search = new URLSearchParams({ query: show.query, variables: JSON.stringify(variables) });
        return reply.redirect(`/graphiql?${search.toString()}`, 303);
      }
      const denied = await options.requireViewerFn(request, reply);
      if (denied) return denied;
      const response = await withRequestDeadline(options.requestTimeoutMs, () =>
        options.apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: {
            method: 'POST',
            headers: new HeaderMap([['content-type', 'application/json']]),
            search: '',
            body: { query: show.query, variables },
          },
          context: async () => options.contextFn(request),
        }),
      );
      if (response.body.kind !== 'complete') throw new Error('A show query answered incrementally.');
      const body = JSON.parse(response.body.string) as {
        data?: Record<string, unknown> | null;
        errors?: unknown[];
        extensions?: unknown;
      };
      if (body.errors === undefined && body.data?.[show.field] === null) {
        const notFound = new GatewayError(
          ErrorCode.NotFound,
          `${show.label} "${variables.id}" was not found.`,
          {
            httpStatus: 404,
          },
        );
        return reply
          .code(notFound.httpStatus)
          .send({ ...body, errors: [formatError(notFound.toJSON(), notFound)] });
      }
      return reply.code(response.status ?? 200).send(body);
    };
    fastify.get(`/v1/${collection}/:id`, handler);
    fastify.get(`/${collection}/:id`, handler);
  }
}

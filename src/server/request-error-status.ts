import type { ApolloServerPlugin } from '@apollo/server';
import Negotiator from 'negotiator';

import { ERROR_CODES, isClientErrorCode } from '../errors/error-codes.js';
import type { RequestContext } from '../graphql/request-context.js';

/**
 * Answers a well-formed GraphQL-over-HTTP request that failed before execution (its codes are the catalogue's
 * `isRequestError` ones: parse, validation, variable coercion, `QUERY_TOO_COMPLEX`) with HTTP 200 when the response is `application/json`, and leaves Apollo's 400
 * when it is `application/graphql-response+json`.
 *
 * Implements the GraphQL over HTTP spec, "application/json" section: the server SHOULD use 200 for such errors
 * under `application/json` (legacy clients read the errors from the body), and 4xx under the newer media type.
 * The media type is chosen as Apollo Server chooses it (the same negotiator, the same order), so the status always
 * matches the `content-type` the client gets. A request without `accept` gets `application/json`.
 */
export function requestErrorStatusPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          if (response.http.status !== 400 || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if ('data' in result || !result.errors?.length) return;
          if (!result.errors.every((error) => isRequestError(error.extensions?.['code']))) return;
          if (responseMediaType(request.http?.headers.get('accept')) === 'application/json') {
            response.http.status = 200;
          }
        },
      };
    },
  };
}

function responseMediaType(accept: string | undefined): string | undefined {
  if (!accept) return 'application/json';
  return new Negotiator({ headers: { accept } }).mediaType([
    'application/json',
    'application/graphql-response+json',
  ]);
}

function isRequestError(code: unknown): boolean {
  return isClientErrorCode(code) && ERROR_CODES[code].isRequestError;
}

import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from 'pino';

import type { RequestContext } from '../graphql/request-context.js';
import { isClientError } from './format-error.js';

/**
 * Logs unexpected errors with the request id, and adds `extensions.requestId` to every GraphQL response, the request's extra errors (see `RequestContext`), and `extensions.unreachableCells` (names of the cells
 * that did not answer during the request) for admins when there are any.
 */
export function responseExtensionsPlugin(logger: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (isClientError(error)) continue;
            logger.error(
              {
                event: 'graphql.unexpected_error',
                requestId: contextValue.requestId,
                err: unwrapResolverError(error),
                path: error.path,
              },
              'unexpected error while answering a request',
            );
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          if (contextValue.extraErrors.length > 0) {
            response.body.singleResult.errors = [
              ...(response.body.singleResult.errors ?? []),
              ...contextValue.extraErrors,
            ];
          }
          const unreachable = contextValue.fanout.unreachableCells().map((cell) => cell.name);
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            requestId: contextValue.requestId,
            ...(contextValue.viewer.isAdmin && unreachable.length > 0
              ? { unreachableCells: unreachable }
              : {}),
          };
        },
      };
    },
  };
}

import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';

import type { QueryLimitsConfig } from '../config/config.js';
import { ErrorCode } from '../errors/error-codes.js';
import { GatewayError } from '../errors/gateway-error.js';
import { estimateQueryCost, type QueryCostEstimate } from '../graphql/query-cost.js';
import { measureQueryShape, type QueryShape } from '../graphql/query-shape.js';
import type { RequestContext } from '../graphql/request-context.js';

/** Cost figures kept per document (one per operation, variables and cell count). */
const MAX_COSTS_PER_DOCUMENT = 256;

/** The request header with which an admin asks for `extensions.cost`. */
export const COST_HEADER = 'x-query-cost';

/**
 * Refuses an operation with `QUERY_TOO_COMPLEX` before any resolver runs (so before any database is asked) when
 * it has more aliases than `MAX_QUERY_ALIASES` or its estimated cost
 * (`graphql/query-cost.ts`, with the request's variables and the cells registered now) is over `MAX_QUERY_COST`;
 * tokens are bounded by the parser (`MAX_QUERY_TOKENS`, see `format-error.ts`). An admin who sends the header
 * `x-query-cost: true` gets the estimate in `extensions.cost` (members never: it reveals the number of cells; they
 * see it only in a refusal's message). Depth needs no limit of its own: the schema has no cycle, so no data query nests
 * deeper than its longest path (6), and Apollo Server 5 bounds the depth of introspection itself.
 *
 * This runs in `didResolveOperation` rather than as a validation rule: Apollo Server caches validated documents by
 * their text, and validation rules see neither the variables (`first: $n`) nor the current number of cells, both
 * of which change the cost of the same text.
 */
export function queryLimitsPlugin(
  limits: QueryLimitsConfig,
  maxLimit: number,
): ApolloServerPlugin<RequestContext> {
  // Apollo Server hands every request of the same text the same parsed document (its document store), so the
  // figures of a document are computed once (per operation; the cost also per variables and cell count), not on
  // every request: the analysis was a visible part of a small request's time in the profile.
  const shapes = new WeakMap<DocumentNode, Map<OperationDefinitionNode, QueryShape>>();
  const costs = new WeakMap<DocumentNode, Map<string, QueryCostEstimate>>();
  return {
    async requestDidStart() {
      let estimate: number | undefined;
      return {
        async didResolveOperation({ document, operation, request, schema, contextValue }) {
          // No operation: Apollo answers that itself (several operations and no operationName) before executing.
          if (!operation) return;
          // QUERY_TOO_COMPLEX carries its catalogue status (400) in `extensions.http`, which Apollo applies.
          const refuse = (message: string, figure: number, limit: number) =>
            new GatewayError(ErrorCode.QueryTooComplex, message, { extensions: { limit, figure } });
          let shapesOfDocument = shapes.get(document);
          if (!shapesOfDocument) shapes.set(document, (shapesOfDocument = new Map()));
          let shape = shapesOfDocument.get(operation);
          if (!shape) shapesOfDocument.set(operation, (shape = measureQueryShape(document, operation)));
          if (shape.aliases > limits.maxAliases) {
            throw refuse(
              `The query has ${shape.aliases} aliased fields; the limit is ${limits.maxAliases} (MAX_QUERY_ALIASES).`,
              shape.aliases,
              limits.maxAliases,
            );
          }
          const cellCount = contextValue.list.cells.length;
          const costKey = `${operation.name?.value ?? ''}\u0000${cellCount}\u0000${JSON.stringify(request.variables ?? {})}`;
          let costsOfDocument = costs.get(document);
          if (!costsOfDocument) costs.set(document, (costsOfDocument = new Map()));
          let result = costsOfDocument.get(costKey);
          if (!result) {
            result = estimateQueryCost({
              schema,
              document,
              operationName: operation.name?.value,
              variables: request.variables,
              cellCount,
              maxLimit,
            });
            // Variables vary per request (a marker, a name): keep a few hundred per document, not every one.
            if (costsOfDocument.size >= MAX_COSTS_PER_DOCUMENT) costsOfDocument.clear();
            costsOfDocument.set(costKey, result);
          }
          if (result.status === 'too-many-fields') {
            throw refuse(
              `The query expands to more than ${result.maxFieldsVisited} fields; its cost cannot be estimated ` +
                `within the limit of ${limits.maxCost} (MAX_QUERY_COST).`,
              result.maxFieldsVisited,
              limits.maxCost,
            );
          }
          estimate = result.cost;
          if (estimate > limits.maxCost) {
            throw refuse(
              `The query's estimated cost is ${estimate}; the limit is ${limits.maxCost} (MAX_QUERY_COST). ` +
                'Ask for smaller pages (first), fewer aliases or fewer per-item fields.',
              estimate,
              limits.maxCost,
            );
          }
        },
        async willSendResponse({ request, response, contextValue }) {
          if (response.body.kind !== 'single' || estimate === undefined || !contextValue.viewer.isAdmin) {
            return;
          }
          const asked = request.http?.headers.get(COST_HEADER)?.trim().toLowerCase();
          if (asked !== 'true' && asked !== '1') return;
          response.body.singleResult.extensions = {
            ...response.body.singleResult.extensions,
            cost: { estimated: estimate, limit: limits.maxCost, cells: contextValue.list.cells.length },
          };
        },
      };
    },
  };
}

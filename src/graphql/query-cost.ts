import { validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { createComplexityRule, type ComplexityEstimator } from 'graphql-query-complexity';

import { assertNever } from '../util/assert-never.js';

/**
 * How one field adds to the cost of a query; `child` is the cost of its own selection (per item for lists).
 *
 * - `page`: a fan-out list with `first`: every cell returns up to a page, and every item of the page loads its
 *   own subfields: `page × cells + page × child`, with `page` = `first` clamped to `MAX_LIMIT`, else `MAX_LIMIT`.
 * - `unpaged`: a fan-out list without `first` (services): as `page` with a page of `MAX_LIMIT`.
 * - `every-cell`: one row looked for in every cell (`message(id)`), or a mutation that may ask every cell for its
 *   hosts or rows: `cells + child`.
 * - `one`: one read routed to one place (a show by id through its mapping, a catalogue list of the API
 *   database), or a subfield loaded or parsed for each item of its parent (`fault`, `messages`, `flavor`,
 *   `shareType`): `1 + child`; inside a page it is multiplied by the page.
 * - `free`: answered from memory (`cells`): `child`.
 */
export type FieldCostKind = 'page' | 'unpaged' | 'every-cell' | 'one' | 'free';

/**
 * The cost model, by `Type.field`: every root field of the schema has a row (a test checks it), and so does every
 * field that is loaded per item. Fields without a row (scalars, `nodes`, `edges`, `pageInfo`, …) cost what their
 * selection costs.
 */
export const FIELD_COSTS: Readonly<Record<string, FieldCostKind>> = {
  'Query.servers': 'page',
  'Query.shares': 'page',
  'Query.messages': 'page',
  'Query.services': 'unpaged',
  'Query.message': 'every-cell',
  'Query.server': 'one',
  'Query.share': 'one',
  'Query.shareTypes': 'one',
  'Query.shareNetworks': 'one',
  'Query.flavors': 'one',
  'Query.cells': 'free',
  'Mutation.createServer': 'every-cell',
  'Mutation.deleteServer': 'every-cell',
  'Mutation.createShare': 'every-cell',
  'Mutation.deleteShares': 'every-cell',
  'Mutation.createShareNetwork': 'one',
  'Mutation.deleteMessages': 'every-cell',
  'Mutation.ensureShares': 'every-cell',
  'Server.fault': 'one',
  'Server.messages': 'one',
  'Server.flavor': 'one',
  'Share.shareType': 'one',
  'Share.messages': 'one',
};

/** What `estimateQueryCost` needs to know. */
export interface QueryCostOptions {
  readonly schema: GraphQLSchema;
  /** A parsed and validated document. */
  readonly document: DocumentNode;
  /** The operation to estimate; `undefined` for the only (anonymous) one. */
  readonly operationName?: string | undefined;
  /** The request's variables (they may set `first`). */
  readonly variables?: Readonly<Record<string, unknown>> | undefined;
  /** The number of registered cells, which every fan-out asks. */
  readonly cellCount: number;
  /** `MAX_LIMIT`: the largest and the default page. */
  readonly maxLimit: number;
  /** Fields visited after which the estimate gives up (fragments spread many times). Default `10_000`. */
  readonly maxFieldsVisited?: number;
}

/** The estimate: the figure, or why there is none. */
export type QueryCostEstimate =
  | { readonly status: 'estimated'; readonly cost: number }
  | { readonly status: 'too-many-fields'; readonly maxFieldsVisited: number };

/**
 * Estimates what an operation costs the cells, before anything runs: roughly the rows the cells are asked for and
 * the per-item loads of the answer, by the table `FIELD_COSTS`.
 *
 * Uses graphql-query-complexity's visitor (fragments, inline fragments, `@include` / `@skip` and variables
 * handled as execution will), run as a one-off validation rule so that a field whose arguments execution would
 * refuse counts nothing instead of aborting the estimate. Never throws for a client's document: a document that
 * expands past `maxFieldsVisited` fields (fragments spread over and over) is `too-many-fields`.
 */
export function estimateQueryCost(options: QueryCostOptions): QueryCostEstimate {
  const maxFieldsVisited = options.maxFieldsVisited ?? 10_000;
  const estimator = fieldCostEstimator(options.cellCount, options.maxLimit);
  let cost = 0;
  try {
    validate(
      options.schema,
      options.document,
      [
        createComplexityRule({
          maximumComplexity: Number.POSITIVE_INFINITY,
          estimators: [estimator],
          variables: { ...options.variables },
          ...(options.operationName === undefined ? {} : { operationName: options.operationName }),
          maxQueryNodes: maxFieldsVisited,
          onComplete: (complexity: number) => {
            cost += complexity;
          },
        }),
      ],
      { maxErrors: Number.MAX_SAFE_INTEGER },
    );
  } catch (error) {
    // graphql-query-complexity throws (rather than reports) when a document expands past maxQueryNodes.
    if (error instanceof Error && /maximum allowed number of nodes/.test(error.message)) {
      return { status: 'too-many-fields', maxFieldsVisited };
    }
    throw error;
  }
  return { status: 'estimated', cost };
}

function fieldCostEstimator(cellCount: number, maxLimit: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    const kind = FIELD_COSTS[`${type.name}.${field.name}`] ?? 'free';
    switch (kind) {
      case 'page': {
        const page = pageSize(args['first'], maxLimit);
        return page * cellCount + page * childComplexity;
      }
      case 'unpaged':
        return maxLimit * cellCount + maxLimit * childComplexity;
      case 'every-cell':
        return cellCount + childComplexity;
      case 'one':
        return 1 + childComplexity;
      case 'free':
        return childComplexity;
      default:
        return assertNever(kind, 'field cost kind');
    }
  };
}

/** The page a list returns for `first`, as `listing/page-size.ts` computes it (a negative `first` is refused). */
function pageSize(first: unknown, maxLimit: number): number {
  if (typeof first !== 'number') return maxLimit;
  return Math.max(0, Math.min(first, maxLimit));
}

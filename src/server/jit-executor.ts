import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import {
  execute,
  GraphQLError,
  Kind,
  getVariableValues,
  type DocumentNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

import type { RequestContext } from '../graphql/request-context.js';

/** Apollo Server's gateway seam, the one place a custom executor plugs in (`@apollo/server-gateway-interface`). */
export type Gateway = ApolloServerOptionsWithGateway<RequestContext>['gateway'];

/** The function Apollo Server calls, instead of graphql-js's `execute`, for every operation it has validated. */
export type GatewayExecutor = NonNullable<Awaited<ReturnType<Gateway['load']>>['executor']>;

/** Operation names kept per document; a document holds few operations, so more means names sent at random. */
const MAX_OPERATIONS_PER_DOCUMENT = 16;

/** What the cache holds for one operation of a document: its compiled function, or graphql-js. */
type Compiled = CompiledQuery | 'graphql-js';

/**
 * Runs of an operation on graphql-js before it is compiled. Compiling costs about as much as a few runs (~1.4 ms
 * for the benchmark's page of 100, ~30 ms for the introspection query), so a text sent once (a query with its
 * values inlined, a one-off script) is never compiled: only what is sent again is.
 */
const RUNS_BEFORE_COMPILE = 1;

/**
 * Executes operations with graphql-jit: each (document, operation name) sent more than `RUNS_BEFORE_COMPILE`
 * times is compiled once into a JavaScript function (default resolvers inlined), which then runs with the
 * request's context and variables; until then graphql-js runs it.
 *
 * The contract is graphql-js's `execute` as Apollo Server calls it (no root value, no field resolver): the same
 * data, the same errors with the same `message`, `path`, `locations`, `extensions` and `originalError`, and
 * partial data with nulls. Where graphql-jit differs, graphql-js does the work:
 * - variables are coerced by graphql-js's `getVariableValues` first, so a bad variable is the same error (its
 *   node the variable definition, which Apollo answers as `BAD_USER_INPUT`, HTTP 400); graphql-jit then coerces
 *   the same raw values again;
 * - documents graphql-jit refuses to compile, documents whose operation Apollo did not resolve, subscriptions
 *   and introspection (`__schema`, `__type`) run on graphql-js `execute`;
 * - graphql-jit's errors are rebuilt as graphql-js `GraphQLError`s: its own have no `extensions` unless the
 *   thrown error had some, which Apollo's error formatting cannot read.
 *
 * The cache is keyed on the `DocumentNode` object, which Apollo Server's document store hands to every request
 * of the same text; it lives as long as the document does (a `WeakMap`).
 */
export function createJitExecutor(schema: GraphQLSchema): GatewayExecutor {
  // Per operation: how often it ran on graphql-js so far, until it is compiled.
  const compiledByDocument = new WeakMap<DocumentNode, Map<string, Compiled | number>>();
  const compiledFor = (document: DocumentNode, operationName: string | undefined): Compiled => {
    let byName = compiledByDocument.get(document);
    if (!byName) compiledByDocument.set(document, (byName = new Map()));
    const key = operationName ?? '';
    const known = byName.get(key);
    if (typeof known === 'object' || known === 'graphql-js') return known;
    if (known === undefined && byName.size >= MAX_OPERATIONS_PER_DOCUMENT) byName.clear();
    const runs = known ?? 0;
    const next = runs < RUNS_BEFORE_COMPILE ? runs + 1 : compile(schema, document, operationName);
    byName.set(key, next);
    return typeof next === 'number' ? 'graphql-js' : next;
  };

  return async ({ document, operation, request, context }) => {
    const operationName = request.operationName ?? undefined;
    const variables = request.variables ?? {};
    const compiled = operation ? compiledFor(document, operationName) : 'graphql-js';
    if (compiled === 'graphql-js' || !operation) {
      return execute({ schema, document, contextValue: context, variableValues: variables, operationName });
    }
    if (operation.variableDefinitions?.length) {
      // graphql-js's own limit of coercion errors (`maxCoercionErrors`, 50).
      const coerced = getVariableValues(schema, operation.variableDefinitions, variables, { maxErrors: 50 });
      if (coerced.errors) return { errors: coerced.errors };
    }
    const result = await compiled.query(undefined, context, variables);
    return result.errors ? { ...result, errors: result.errors.map(asGraphqlJsError) } : result;
  };
}

/** The operation compiled by graphql-jit, or `'graphql-js'` when graphql-js should execute it. */
function compile(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): Compiled {
  const operation = document.definitions.find(
    (definition) =>
      definition.kind === Kind.OPERATION_DEFINITION &&
      (operationName === undefined || definition.name?.value === operationName),
  );
  if (operation?.kind !== Kind.OPERATION_DEFINITION || operation.operation === 'subscription')
    return 'graphql-js';
  if (selectsIntrospection(document, operation.selectionSet, new Set())) return 'graphql-js';
  const compiled = compileQuery(schema, document, operationName);
  return isCompiledQuery(compiled) ? compiled : 'graphql-js';
}

/**
 * Whether a selection reaches `__schema` or `__type` (root fields only, possibly through fragments).
 *
 * Introspection goes to graphql-js. graphql-jit answers it exactly as graphql-js does (the test of this file
 * compares the full introspection query), but compiling it takes ~30 ms against a few ms to run it once on
 * graphql-js, and it is rare (GraphiQL, code generators), so compiling it would only cost time.
 */
function selectsIntrospection(
  document: DocumentNode,
  selectionSet: SelectionSetNode,
  visited: Set<string>,
): boolean {
  return selectionSet.selections.some((selection) => {
    switch (selection.kind) {
      case Kind.FIELD:
        return selection.name.value === '__schema' || selection.name.value === '__type';
      case Kind.INLINE_FRAGMENT:
        return selectsIntrospection(document, selection.selectionSet, visited);
      case Kind.FRAGMENT_SPREAD: {
        const name = selection.name.value;
        if (visited.has(name)) return false;
        visited.add(name);
        const fragment = document.definitions.find(
          (definition) => definition.kind === Kind.FRAGMENT_DEFINITION && definition.name.value === name,
        );
        return fragment?.kind === Kind.FRAGMENT_DEFINITION
          ? selectsIntrospection(document, fragment.selectionSet, visited)
          : false;
      }
      default:
        return false;
    }
  });
}

/**
 * graphql-jit's error as a graphql-js `GraphQLError` with the same message, path, locations, extensions and
 * original error. graphql-jit's error has no `nodes` (it keeps `locations` only), so `locations` is copied over.
 * An error graphql-jit raised itself (a null in a non-null field, a value a scalar cannot serialize) has no
 * original error, where graphql-js wraps a plain `Error` of the same message: one is made, so the log line of
 * `response-extensions.ts` is the same under both executors.
 */
function asGraphqlJsError(error: GraphQLError): GraphQLError {
  const rebuilt = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? (error.path ? new Error(error.message) : undefined),
    extensions: error.extensions,
  });
  if (error.locations) (rebuilt as { locations: GraphQLError['locations'] }).locations = error.locations;
  return rebuilt;
}

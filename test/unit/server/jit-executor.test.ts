import { ApolloServer, type GraphQLResponse } from '@apollo/server';
import { makeExecutableSchema } from '@graphql-tools/schema';
import { execute, getIntrospectionQuery, GraphQLError, parse } from 'graphql';
import * as jit from 'graphql-jit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { ErrorCode } from '../../../src/errors/error-codes.js';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import { buildExecutableSchema } from '../../../src/graphql/executable-schema.js';
import type { RequestContext } from '../../../src/graphql/request-context.js';
import { formatError } from '../../../src/server/format-error.js';
import { createJitExecutor } from '../../../src/server/jit-executor.js';
import { schemaGateway } from '../../../src/server/schema-gateway.js';

vi.mock('graphql-jit', async (importOriginal) => {
  const actual = await importOriginal<typeof jit>();
  return { ...actual, compileQuery: vi.fn(actual.compileQuery) };
});

const typeDefs = `
  type Query { items(first: Int!): [Item!]!  item(id: ID!): Item  broken: Item!  stamp: Stamp }
  type Item { id: ID! name: String  owner: String! }
  scalar Stamp
`;
const resolvers = {
  Stamp: {
    serialize: (value: unknown) => `stamp:${String(value)}`,
  },
  Query: {
    items: (_root: unknown, { first }: { first: number }) =>
      Array.from({ length: first }, (_, i) => ({
        id: `i${i}`,
        name: i % 2 ? null : `item ${i}`,
        owner: 'me',
      })),
    item: (_root: unknown, { id }: { id: string }) => {
      if (id === 'gone') throw new GatewayError(ErrorCode.NotFound, `Item "${id}" was not found.`);
      if (id === 'oops') throw new Error('select * from items failed');
      return { id, name: null, owner: id === 'ownerless' ? null : 'me' };
    },
    broken: () => {
      throw new GatewayError(ErrorCode.Forbidden, 'Not for you.');
    },
    stamp: () => 42,
  },
};

/** One server per executor, over the same schema; `errors` collects what Apollo's plugins see. */
function servers() {
  const schema = makeExecutableSchema({ typeDefs, resolvers });
  const seen: GraphQLError[] = [];
  const plugins = [
    {
      async requestDidStart() {
        return {
          async didEncounterErrors({ errors }: { errors: readonly GraphQLError[] }) {
            seen.push(...errors);
          },
        };
      },
    },
  ];
  const common = { formatError, includeStacktraceInErrorResponses: false, plugins };
  return {
    seen,
    jit: new ApolloServer<RequestContext>({
      ...common,
      gateway: schemaGateway(schema, createJitExecutor(schema)),
    }),
    graphqlJs: new ApolloServer<RequestContext>({ ...common, schema }),
  };
}

const QUERIES: readonly [string, string, Record<string, unknown>?][] = [
  ['a list with nulls and a custom scalar', '{ items(first: 3) { id name owner } stamp }'],
  [
    'an error with its code, path and locations, partial data',
    '{ a: item(id: "x") { id } b: item(id: "gone") { id } }',
  ],
  ['an unexpected error, as INTERNAL_SERVER_ERROR', '{ item(id: "oops") { id } items(first: 1) { id } }'],
  ['a null in a non-null field, nulling its parent', '{ item(id: "ownerless") { id owner } }'],
  ['an error in a non-null root field, nulling data', '{ broken { id } items(first: 1) { id } }'],
  ['a bad variable', 'query ($n: Int!) { items(first: $n) { id } }', { n: 'x' }],
  ['a missing variable', 'query ($n: Int!) { items(first: $n) { id } }', {}],
  [
    'a good variable and @skip',
    'query ($n: Int!, $s: Boolean!) { items(first: $n) { id name @skip(if: $s) } }',
    { n: 2, s: true },
  ],
];

describe('createJitExecutor', () => {
  let s: ReturnType<typeof servers>;
  const contextValue = {} as RequestContext;
  const run = async (
    server: ApolloServer<RequestContext>,
    query: string,
    variables?: Record<string, unknown>,
  ) => {
    const response: GraphQLResponse = await server.executeOperation(
      { query, ...(variables ? { variables } : {}) },
      { contextValue },
    );
    return { status: response.http.status, body: response.body };
  };

  beforeEach(async () => {
    s = servers();
    await Promise.all([s.jit.start(), s.graphqlJs.start()]);
    vi.mocked(jit.compileQuery).mockClear();
  });

  afterEach(async () => {
    await Promise.all([s.jit.stop(), s.graphqlJs.stop()]);
  });

  it.each(QUERIES)('answers %s as graphql-js does', async (_name, query, variables) => {
    const fromGraphqlJs = await run(s.graphqlJs, query, variables);
    const seenByGraphqlJs = s.seen.splice(0);
    // The first run of a text is on graphql-js (RUNS_BEFORE_COMPILE); the second is compiled.
    expect(await run(s.jit, query, variables)).toEqual(fromGraphqlJs);
    s.seen.splice(0);
    expect(await run(s.jit, query, variables)).toEqual(fromGraphqlJs);
    const seenByJit = s.seen.splice(0);
    // What plugins and formatError see: graphql-js errors with the same fields and original error.
    expect(seenByJit.map(describeError)).toEqual(seenByGraphqlJs.map(describeError));
    for (const error of seenByJit) expect(error).toBeInstanceOf(GraphQLError);
  });

  it('keeps the GatewayError thrown by a resolver as originalError, with path and locations', async () => {
    await run(s.jit, '{ item(id: "gone") { id } }');
    const [error] = s.seen;
    expect(error?.originalError).toBeInstanceOf(GatewayError);
    expect({ path: error?.path, locations: error?.locations, code: error?.extensions['code'] }).toEqual({
      path: ['item'],
      locations: [{ line: 1, column: 3 }],
      code: 'NOT_FOUND',
    });
  });

  it('answers a bad variable with BAD_USER_INPUT and HTTP 400', async () => {
    expect(await run(s.jit, 'query ($n: Int!) { items(first: $n) { id } }', { n: 1.5 })).toEqual({
      status: 400,
      body: {
        kind: 'single',
        singleResult: {
          errors: [
            {
              message: 'Variable "$n" got invalid value 1.5; Int cannot represent non-integer value: 1.5',
              locations: [{ line: 1, column: 8 }],
              extensions: { code: 'BAD_USER_INPUT' },
            },
          ],
        },
      },
    });
  });

  it('does not compile a text sent once', async () => {
    await s.jit.executeOperation({ query: '{ items(first: 2) { id } }' }, { contextValue });
    expect(jit.compileQuery).not.toHaveBeenCalled();
    await s.jit.executeOperation({ query: '{ items(first: 2) { id } }' }, { contextValue });
    expect(jit.compileQuery).toHaveBeenCalledTimes(1);
  });

  it('compiles a document once per operation name, and introspection never', async () => {
    const query = 'query A { items(first: 1) { id } } query B { stamp }';
    for (let i = 0; i < 3; i++) {
      await s.jit.executeOperation({ query, operationName: 'A' }, { contextValue });
      await s.jit.executeOperation({ query, operationName: 'B' }, { contextValue });
      await s.jit.executeOperation({ query: '{ __schema { queryType { name } } }' }, { contextValue });
      await s.jit.executeOperation(
        { query: '{ ...f } fragment f on Query { __type(name: "Item") { name } }' },
        { contextValue },
      );
    }
    expect(vi.mocked(jit.compileQuery).mock.calls.map(([, , operationName]) => operationName)).toEqual([
      'A',
      'B',
    ]);
  });
});

describe('graphql-jit on the gateway schema', () => {
  it('answers the full introspection query exactly as graphql-js', async () => {
    const schema = buildExecutableSchema();
    const document = parse(
      getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
      }),
    );
    const compiled = jit.compileQuery(schema, document);
    if (!jit.isCompiledQuery(compiled))
      throw new Error('graphql-jit did not compile the introspection query.');
    expect(await compiled.query(undefined, {}, {})).toEqual(await execute({ schema, document }));
  });
});

function describeError(error: GraphQLError) {
  return {
    message: error.message,
    path: error.path,
    locations: error.locations,
    extensions: error.extensions,
    originalError: error.originalError && {
      name: error.originalError.name,
      message: error.originalError.message,
    },
  };
}

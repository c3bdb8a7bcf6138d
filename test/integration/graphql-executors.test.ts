import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTopology, type Topology } from '../support/topology.js';

/** One GraphQL-over-HTTP request of the comparison. */
interface Case {
  readonly name: string;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  readonly operationName?: string;
  /** Which token sends it. Default `admin`. */
  readonly token?: 'admin' | 'demo' | 'demoReader';
  readonly headers?: Readonly<Record<string, string>>;
}

const SERVER_FIELDS = `id name status created updated projectId userId availabilityZone powerState host serverGroups
  metadata flavor { name vcpus ram } image { id name } fault { code message details } links { rel href }`;

const CASES: readonly Case[] = [
  {
    name: 'nested lists (the benchmark query)',
    query: `{ servers(allProjects: true, first: 100) {
      nodes { id name status created projectId availabilityZone flavor { name vcpus ram } image { id name }
        fault { code message } }
      pageInfo { hasNextPage endCursor } partial } }`,
  },
  {
    name: 'every server field, member',
    query: `{ servers(first: 5) { nodes { ${SERVER_FIELDS} messages(first: 2) { id eventId } } partial } }`,
    token: 'demo',
  },
  {
    name: 'fragments, inline fragments, aliases and __typename',
    query: `query Listing {
      newest: servers(allProjects: true, first: 3) { ...page }
      oldest: servers(allProjects: true, first: 3, sort: [{ key: CREATED_AT, direction: ASC }]) { ...page }
      shares(allProjects: true, first: 2) { nodes { __typename id ... on Share { name size status } } }
      flavors { __typename ...flavor }
    }
    fragment page on ServerConnection { __typename nodes { ...server } pageInfo { hasNextPage endCursor } }
    fragment server on Server { __typename id name status ... on Server { flavor { ...flavor } } }
    fragment flavor on Flavor { name vcpus }`,
  },
  {
    name: 'several operations, one chosen by name',
    query: `query A { flavors { name } } query B { cells { name state breaker } }`,
    operationName: 'B',
  },
  {
    name: 'variables of every kind',
    query: `query Page($first: Int, $filter: ServerFilter, $sort: [ServerSort!], $all: Boolean = true) {
      servers(first: $first, filter: $filter, sort: $sort, allProjects: $all) {
        nodes { id name status created } pageInfo { hasNextPage endCursor } } }`,
    variables: {
      first: 4,
      filter: { status: 'ACTIVE', changesSince: '2000-01-01T00:00:00Z' },
      sort: { key: 'NAME', direction: 'DESC' },
    },
  },
  {
    name: '@skip and @include, on fields, fragments and inline fragments',
    query: `query Shown($yes: Boolean!, $no: Boolean!) {
      servers(allProjects: true, first: 2) {
        nodes {
          id
          name @include(if: $no)
          status @skip(if: $no)
          ...extra @include(if: $yes)
          ... on Server @skip(if: $yes) { host }
          flavor @include(if: $yes) { name @skip(if: $yes) vcpus }
        }
        partial @skip(if: true)
      } }
    fragment extra on Server { created projectId @include(if: $yes) }`,
    variables: { yes: true, no: false },
  },
  {
    name: 'a variable of the wrong type',
    query: 'query ($first: Int) { servers(first: $first) { nodes { id } } }',
    variables: { first: 'ten' },
  },
  {
    name: 'a missing non-null variable and an unknown enum value',
    query: `query ($id: ID!, $sort: [ServerSort!]) { server(id: $id) { id }
      servers(sort: $sort) { nodes { id } } }`,
    variables: { sort: [{ key: 'COLOUR' }] },
  },
  {
    name: 'a custom scalar refusing a variable (DateTime parseValue)',
    query: 'query ($t: DateTime) { servers(filter: { changesSince: $t }) { nodes { id } } }',
    variables: { t: 'yesterday' },
  },
  {
    name: 'a bad variable, as application/graphql-response+json',
    query: 'query ($first: Int) { servers(first: $first) { nodes { id } } }',
    variables: { first: 1.5 },
    headers: { accept: 'application/graphql-response+json' },
  },
  {
    name: 'a resolver error (BAD_USER_INPUT from a marker)',
    query: '{ servers(after: "not-a-marker") { nodes { id } } }',
  },
  {
    name: 'a resolver error (first below zero) with a variable',
    query: 'query ($n: Int) { servers(first: $n) { nodes { id } } }',
    variables: { n: -1 },
  },
  {
    name: 'two failing non-null root fields (the first error nulls data)',
    query:
      '{ a: servers(first: -1) { nodes { id } } b: servers(first: -2) { nodes { id } } flavors { name } }',
  },
  {
    name: 'a forbidden root field (member asks for cells)',
    query: '{ cells { name } }',
    token: 'demo',
  },
  {
    name: 'a forbidden mutation (reader), aliased twice',
    query: `mutation { a: deleteServer(id: "00000000-0000-0000-0000-000000000000") { id }
      b: deleteServer(id: "00000000-0000-0000-0000-000000000001") { id } }`,
    token: 'demoReader',
  },
  {
    name: 'a validation error',
    query: '{ servers { nodes { id nope } } }',
  },
  {
    name: 'an operation name that is not in the document',
    query: 'query A { flavors { name } }',
    operationName: 'Missing',
  },
  {
    name: 'several operations and no operation name',
    query: 'query A { flavors { name } } query B { cells { name } }',
  },
  {
    name: 'introspection, as GraphiQL sends it',
    query: `query IntrospectionQuery { __schema { queryType { name } mutationType { name }
      types { kind name description fields(includeDeprecated: true) { name args { name type { kind name ofType { name } } }
        type { kind name ofType { kind name } } isDeprecated } inputFields { name } enumValues { name } }
      directives { name locations args { name } } } }`,
  },
  {
    name: '__type with data in the same operation',
    query: `{ __type(name: "Server") { name fields { name } } flavors { name } }`,
  },
  {
    name: 'the cost estimate for an admin',
    query: '{ servers(allProjects: true, first: 50) { nodes { id flavor { name } } } }',
    headers: { 'x-query-cost': 'true' },
  },
  {
    name: 'a query over the cost limit',
    query: `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: servers(allProjects: true, first: 1000) { nodes { id name } }`).join(' ')} }`,
  },
];

/** The body without what differs between any two requests: the request id. */
function comparable(body: Record<string, unknown>): unknown {
  const { extensions, ...withErrors } = body as { extensions?: Record<string, unknown>; errors?: unknown[] };
  // Errors of fields that run in parallel come in the order they happen, under either executor.
  const rest = withErrors.errors
    ? {
        ...withErrors,
        errors: [...withErrors.errors].sort((a, b) =>
          JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0,
        ),
      }
    : withErrors;
  if (!extensions) return rest;
  const { requestId: _requestId, ...others } = extensions;
  return Object.keys(others).length > 0 ? { ...rest, extensions: others } : rest;
}

/**
 * The same GraphQL-over-HTTP requests to a gateway that executes with graphql-jit and to one that executes with
 * graphql-js (`GRAPHQL_EXECUTOR`) get the same status and body, but for the request id.
 */
describe('GRAPHQL_EXECUTOR', () => {
  let topology: Topology;
  let jit: string;
  let graphqlJs: string;

  beforeAll(async () => {
    topology = await startTopology({ cells: ['cell1', 'cell2'], serversPerCell: 3, withGateway: false });
    jit = (await topology.startGateway({ GRAPHQL_EXECUTOR: 'jit' })).baseUrl;
    graphqlJs = (await topology.startGateway({ GRAPHQL_EXECUTOR: 'graphql-js' })).baseUrl;
  });

  afterAll(async () => {
    await topology?.stop();
  });

  const ask = async (baseUrl: string, testCase: Case) => {
    const token = topology.tokens[testCase.token ?? 'admin'];
    const response = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        ...testCase.headers,
      },
      body: JSON.stringify({
        query: testCase.query,
        variables: testCase.variables,
        operationName: testCase.operationName,
      }),
    });
    // Links carry the gateway's own address.
    const body = JSON.parse((await response.text()).replaceAll(baseUrl, 'http://gateway')) as Record<
      string,
      unknown
    >;
    return { status: response.status, body: comparable(body) };
  };

  it.each(CASES.map((testCase) => [testCase.name, testCase] as const))(
    'answers %s the same with graphql-jit and graphql-js',
    async (_name, testCase) => {
      const fromGraphqlJs = await ask(graphqlJs, testCase);
      // A text runs on graphql-js the first time and compiled from the second (RUNS_BEFORE_COMPILE).
      expect(await ask(jit, testCase)).toEqual(fromGraphqlJs);
      expect(await ask(jit, testCase)).toEqual(fromGraphqlJs);
    },
  );

  it('answers the same partial data and errors when a cell is down', async () => {
    await topology.cell('cell2').kill();
    const partial: Case = {
      name: 'partial data',
      query: `{ flavors { name }
        a: message(id: "00000000-0000-0000-0000-00000000000a") { id userMessage }
        b: message(id: "00000000-0000-0000-0000-00000000000b") { id }
        servers(allProjects: true, first: 3) { nodes { id status } partial unreachableCells } }`,
    };
    const fromGraphqlJs = await ask(graphqlJs, partial);
    expect(await ask(jit, partial)).toEqual(fromGraphqlJs);
    expect(await ask(jit, partial)).toEqual(fromGraphqlJs);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { StatementCache } from '../../src/cell-db/statement-cache.repository.js';
import { LAST_ROUND } from '../../src/listing/adaptive-merge.js';
import { postGraphql, startTopology, type Topology } from '../support/topology.js';

interface ServerNode {
  readonly id: string;
  readonly name: string | null;
  readonly status: string;
  readonly created: string;
  readonly projectId: string;
  readonly host: string | null;
  readonly availabilityZone: string | null;
}

interface ServersPage {
  readonly servers: {
    readonly nodes: ServerNode[];
    readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
    readonly partial: boolean;
    readonly unreachableCells: string[] | null;
  };
}

const SERVERS = `query Servers($filter: ServerFilter, $sort: [ServerSort!], $first: Int, $after: ID, $all: Boolean) {
  servers(filter: $filter, sort: $sort, first: $first, after: $after, allProjects: $all) {
    nodes { id name status created projectId host availabilityZone }
    pageInfo { hasNextPage endCursor }
    partial
    unreachableCells
  }
}`;

const SERVERS_PER_CELL = 12;

describe('read path across three real cells', () => {
  let topology: Topology;

  beforeAll(async () => {
    topology = await startTopology({
      serversPerCell: SERVERS_PER_CELL,
      env: { SERVICE_DOWN_TIME_S: '3600' },
    });
  });

  afterAll(async () => {
    await topology?.stop();
  });

  const servers = async (variables: Record<string, unknown>, token?: string) => {
    const answer = await topology.graphql<ServersPage>(SERVERS, variables, token);
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data!.servers;
  };

  /** Walks every page of a list with page size `first`; returns the ids in order. */
  const walk = async (variables: Record<string, unknown>, first: number) => {
    const ids: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 200; page++) {
      const result = await servers({ ...variables, first, after });
      ids.push(...result.nodes.map((node) => node.id));
      if (!result.pageInfo.hasNextPage) return ids;
      expect(result.pageInfo.endCursor).toBe(result.nodes.at(-1)!.id);
      after = result.pageInfo.endCursor;
    }
    throw new Error('too many pages');
  };

  describe('authentication and request ids', () => {
    it.each([
      ['no token', null, 'A bearer token is required: send "Authorization: Bearer <token>".'],
      ['a malformed token', 'not-a-token', 'The bearer token is not valid.'],
    ])('answers 401 UNAUTHENTICATED for %s', async (_name, token, message) => {
      const answer = await topology.graphql('{ flavors { name } }', {}, token);
      expect(answer.status).toBe(401);
      const requestId = answer.headers.get('x-request-id');
      expect(requestId).toMatch(/^req-[0-9a-f-]{36}$/);
      expect(answer.body).toEqual({
        errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }],
        extensions: { requestId },
      });
    });

    it('answers 401 for a token signed with another secret', async () => {
      const { signToken, secretKey } = await import('../../src/auth/sign-token.js');
      const forged = await signToken(
        { userId: 'x', projectId: 'demo', role: 'admin' },
        secretKey('some-other-secret-123'),
      );
      const answer = await topology.graphql('{ flavors { name } }', {}, forged);
      expect(answer.status).toBe(401);
    });

    it('gives every response a request id, the same in the header and in extensions', async () => {
      const first = await topology.graphql('{ flavors { name } }');
      const second = await topology.graphql('{ flavors { name } }');
      expect(first.status).toBe(200);
      expect(first.body.extensions).toEqual({ requestId: first.headers.get('x-request-id') });
      expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
    });

    it('keeps CSRF prevention on: a GET query needs a preflight header', async () => {
      const url = `${topology.baseUrl}/graphql?query=${encodeURIComponent('{ flavors { name } }')}`;
      const headers = { authorization: `Bearer ${topology.tokens.admin}` };
      const simple = await fetch(url, { headers });
      expect(simple.status).toBe(400);
      const refusal = (await simple.json()) as { errors: { message: string }[]; extensions: unknown };
      expect(refusal.errors[0]?.message).toContain('CSRF');
      expect(refusal.extensions).toEqual({ requestId: simple.headers.get('x-request-id') });
      const preflighted = await fetch(url, { headers: { ...headers, 'apollo-require-preflight': 'true' } });
      expect(preflighted.status).toBe(200);
      expect(((await preflighted.json()) as { data: { flavors: unknown[] } }).data.flavors).toHaveLength(3);
    });

    /** Posts `body` as it is to /graphql; resolves to the status, the request id header and the JSON body. */
    const post = async (body: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${topology.baseUrl}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${topology.tokens.admin}`,
          ...headers,
        },
        body,
      });
      return {
        status: response.status,
        requestId: response.headers.get('x-request-id'),
        body: (await response.json()) as unknown,
      };
    };

    it.each([
      [
        'malformed JSON',
        () => post('{"query": "{ flavors { name } }"'),
        400,
        { message: 'The request is malformed.', extensions: { code: 'BAD_REQUEST' } },
      ],
      [
        'a body over MAX_REQUEST_BODY_BYTES',
        () =>
          post(JSON.stringify({ query: '{ flavors { name } }', variables: { pad: 'x'.repeat(1_100_000) } })),
        413,
        {
          message: 'The request body is larger than the limit of 1048576 bytes.',
          extensions: { code: 'PAYLOAD_TOO_LARGE' },
        },
      ],
      [
        'a media type Fastify does not read',
        () => post('query=x', { 'content-type': 'application/x-www-form-urlencoded' }),
        415,
        { message: 'The request is malformed.', extensions: { code: 'BAD_REQUEST' } },
      ],
      [
        'a CSRF-unsafe simple request',
        () => post('{ flavors { name } }', { 'content-type': 'text/plain' }),
        400,
        {
          message: expect.stringContaining('Cross-Site Request Forgery') as unknown as string,
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
      [
        'a batch of operations',
        () => post(JSON.stringify([{ query: '{ flavors { name } }' }, { query: '{ flavors { name } }' }])),
        400,
        { message: 'Operation batching disabled.', extensions: { code: 'BAD_REQUEST' } },
      ],
    ])(
      'answers %s with one error through the funnel and the request id',
      async (_name, send, status, error) => {
        const answer = await send();
        expect(answer.status).toBe(status);
        expect(answer.requestId).toMatch(/^req-[0-9a-f-]{36}$/);
        expect(answer.body).toEqual({ errors: [error], extensions: { requestId: answer.requestId } });
      },
    );

    it('answers an unknown route with NOT_FOUND, 404 and the request id', async () => {
      const response = await fetch(`${topology.baseUrl}/nowhere?x=1`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        errors: [{ message: 'There is no GET /nowhere.', extensions: { code: 'NOT_FOUND' } }],
        extensions: { requestId: response.headers.get('x-request-id') },
      });
    });

    it.each([
      [
        // A request error: HTTP 200 under application/json (the GraphQL over HTTP spec), as this client accepts.
        'GRAPHQL_PARSE_FAILED',
        { query: '{ flavors { name }' },
        200,
        'Syntax Error: Expected Name, found <EOF>.',
      ],
      [
        'OPERATION_RESOLUTION_FAILURE',
        { query: 'query A { flavors { name } } query B { flavors { name } }' },
        400,
        'Must provide operation name if query contains multiple operations.',
      ],
      [
        'PERSISTED_QUERY_NOT_FOUND',
        { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } },
        200,
        'PersistedQueryNotFound',
      ],
    ])(
      "passes Apollo's own %s through the funnel with its message",
      async (code, request, status, message) => {
        const answer = await post(JSON.stringify(request));
        expect(answer.status).toBe(status);
        expect(answer.body).toEqual({
          errors: [
            {
              message,
              extensions: { code },
              ...(code === 'GRAPHQL_PARSE_FAILED' ? { locations: [{ line: 1, column: 19 }] } : {}),
            },
          ],
          extensions: { requestId: answer.requestId },
        });
      },
    );

    it('keeps stack traces and SQL out of errors and reports validation errors with Apollo codes', async () => {
      const answer = await topology.graphql('{ servers(first: "x") { nodes { id } } }');
      // GraphQL over HTTP: 200 under application/json (the default without accept), 400 under the newer type.
      expect(answer.status).toBe(200);
      expect(answer.body.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(answer.body)).not.toMatch(/stacktrace|select |at .*\.ts/i);
      const strict = await postGraphql(
        topology.baseUrl,
        '{ servers(first: "x") { nodes { id } } }',
        {},
        topology.tokens.admin,
        { accept: 'application/graphql-response+json' },
      );
      expect(strict.status).toBe(400);
      expect(strict.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    });
  });

  describe('merged order', () => {
    it('returns every server of every cell newest first, interleaved across cells', async () => {
      const result = await servers({ all: true });
      expect(result.nodes).toHaveLength(SERVERS_PER_CELL * 2 * 3);
      expect(result.partial).toBe(false);
      expect(result.unreachableCells).toEqual([]);
      expect(result.pageInfo.hasNextPage).toBe(false);
      const expected = [...result.nodes].sort((a, b) =>
        a.created === b.created ? (a.id < b.id ? 1 : -1) : a.created < b.created ? 1 : -1,
      );
      expect(result.nodes.map((node) => node.id)).toEqual(expected.map((node) => node.id));
      // Creation times interleave: every run of six newest servers holds servers of all three cells.
      const cells = result.nodes.map((node) => node.host!.split('-')[0]);
      for (let start = 0; start + 6 <= cells.length; start += 6) {
        expect(new Set(cells.slice(start, start + 6)).size).toBe(3);
      }
    });

    it.each([
      ['the default order', undefined],
      ['NAME ASC', [{ key: 'NAME', direction: 'ASC' }]],
      [
        'STATUS DESC, CREATED_AT ASC',
        [
          { key: 'STATUS', direction: 'DESC' },
          { key: 'CREATED_AT', direction: 'ASC' },
        ],
      ],
      [
        'AVAILABILITY_ZONE ASC, NAME DESC',
        [
          { key: 'AVAILABILITY_ZONE', direction: 'ASC' },
          { key: 'NAME', direction: 'DESC' },
        ],
      ],
      ['UPDATED_AT DESC (all NULL: ties everywhere)', [{ key: 'UPDATED_AT', direction: 'DESC' }]],
      ['ID ASC', [{ key: 'ID', direction: 'ASC' }]],
    ])('pages through %s exactly once for several page sizes', async (_name, sort) => {
      const full = (await servers({ all: true, sort })).nodes.map((node) => node.id);
      expect(new Set(full).size).toBe(SERVERS_PER_CELL * 6);
      for (const first of [1, 5, 7, 72, 100]) {
        expect(await walk({ all: true, sort }, first)).toEqual(full);
      }
    });

    it('still pages from a marker that was deleted since the previous page', async () => {
      const page = await servers({ all: true, first: 10 });
      const marker = page.nodes.at(-1)!;
      const cellName = marker.host!.split('-')[0]!;
      const db = topology.app!.services.connections.get(topology.app!.services.registry.byName(cellName)!);
      await db
        .updateTable('instances')
        .set({ deleted: 999_999, deleted_at: new Date() })
        .where('uuid', '=', marker.id)
        .execute();
      try {
        const next = await servers({ all: true, first: 5, after: marker.id });
        const full = (await servers({ all: true })).nodes.map((node) => node.id);
        const expectedStart = full.indexOf(page.nodes.at(-2)!.id) + 1;
        expect(next.nodes.map((node) => node.id)).toEqual(full.slice(expectedStart, expectedStart + 5));
      } finally {
        await db
          .updateTable('instances')
          .set({ deleted: 0, deleted_at: null })
          .where('uuid', '=', marker.id)
          .execute();
      }
    });
  });

  describe('paging arguments', () => {
    it('rejects an unknown marker with BAD_USER_INPUT', async () => {
      const answer = await topology.graphql(SERVERS, { after: '00000000-1111-2222-3333-444444444444' });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        data: null,
        errors: [
          {
            message: 'Marker "00000000-1111-2222-3333-444444444444" was not found.',
            locations: [{ line: 2, column: 3 }],
            path: ['servers'],
            extensions: { code: 'BAD_USER_INPUT', field: 'after' },
          },
        ],
        extensions: { requestId: answer.headers.get('x-request-id') },
      });
    });

    it('rejects a negative first and clamps a huge one to MAX_LIMIT', async () => {
      const negative = await topology.graphql(SERVERS, { first: -1 });
      expect(negative.body.errors?.[0]).toMatchObject({
        message: 'first must be zero or more, got -1.',
        extensions: { code: 'BAD_USER_INPUT', field: 'first' },
      });
      const huge = await servers({ all: true, first: 1_000_000 });
      expect(huge.nodes).toHaveLength(72);
    });

    it('answers first: 0 with no nodes and says whether there are more', async () => {
      const none = await servers({ all: true, first: 0 });
      expect(none.nodes).toEqual([]);
      expect(none.pageInfo).toEqual({ hasNextPage: true, endCursor: null });
    });
  });

  describe('filters', () => {
    it.each([
      [
        'name substring, case-insensitive',
        { name: 'DEMO-CELL2' },
        (n: ServerNode) => n.name!.includes('demo-cell2'),
      ],
      ['status', { status: 'ERROR' }, (n: ServerNode) => n.status === 'ERROR'],
      ['availability zone', { availabilityZone: 'cell3' }, (n: ServerNode) => n.availabilityZone === 'cell3'],
      ['project', { projectId: 'alt' }, (n: ServerNode) => n.projectId === 'alt'],
      ['host', { host: 'cell1-compute1' }, (n: ServerNode) => n.host === 'cell1-compute1'],
    ])('filters by %s in SQL', async (_name, filter, predicate) => {
      const all = (await servers({ all: true })).nodes;
      const filtered = (await servers({ all: true, filter })).nodes;
      expect(filtered.length).toBeGreaterThan(0);
      expect(filtered.map((node) => node.id)).toEqual(all.filter(predicate).map((node) => node.id));
    });

    it('filters by flavor, image, user and changesSince', async () => {
      const small = await topology.graphql<{ servers: { nodes: { flavor: { name: string } }[] } }>(
        '{ servers(allProjects: true, filter: { flavor: "m1.small" }) { nodes { flavor { name } } } }',
      );
      const flavors = small.body.data!.servers.nodes.map((node) => node.flavor.name);
      expect(flavors.length).toBeGreaterThan(0);
      expect(new Set(flavors)).toEqual(new Set(['m1.small']));
      expect((await servers({ all: true, filter: { image: 'cirros' } })).nodes).toHaveLength(72);
      expect((await servers({ all: true, filter: { image: 'cirros-broken' } })).nodes).toHaveLength(0);
      expect((await servers({ all: true, filter: { userId: 'alt-user' } })).nodes).toHaveLength(36);
      expect(
        (await servers({ all: true, filter: { changesSince: '2000-01-01T00:00:00Z' } })).nodes,
      ).toHaveLength(72);
      expect(
        (await servers({ all: true, filter: { changesSince: '2999-01-01T00:00:00Z' } })).nodes,
      ).toHaveLength(0);
    });

    it('lists deleted servers for admins only', async () => {
      expect((await servers({ all: true, filter: { deleted: true } })).nodes).toEqual([]);
      const member = await topology.graphql(SERVERS, { filter: { deleted: true } }, topology.tokens.demo);
      expect(member.body.errors?.[0]).toMatchObject({
        message: 'Only administrators may list deleted resources.',
        extensions: { code: 'FORBIDDEN' },
      });
    });

    it('rejects a malformed DateTime with BAD_USER_INPUT', async () => {
      const answer = await topology.graphql(SERVERS, { filter: { changesSince: 'yesterday' } });
      expect(answer.body.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    });
  });

  describe('project scoping', () => {
    it('shows a member only its own project, with admin-only fields null', async () => {
      const result = await servers({}, topology.tokens.demo);
      expect(result.nodes).toHaveLength(SERVERS_PER_CELL * 3);
      expect(new Set(result.nodes.map((node) => node.projectId))).toEqual(new Set(['demo']));
      expect(result.nodes.every((node) => node.host === null)).toBe(true);
      expect(result.unreachableCells).toBeNull();
    });

    it('hides other projects from a member through show, list filter and marker', async () => {
      const alt = (await servers({ filter: { projectId: 'alt' }, all: true })).nodes[0]!;
      const show = await topology.graphql<{ server: unknown }>(
        'query($id: ID!) { server(id: $id) { id } }',
        { id: alt.id },
        topology.tokens.demo,
      );
      expect(show.body).toMatchObject({ data: { server: null } });
      expect((await servers({ filter: { projectId: 'alt' } }, topology.tokens.demo)).nodes).toEqual([]);
      const marker = await topology.graphql(SERVERS, { after: alt.id }, topology.tokens.demo);
      expect(marker.body.errors?.[0]).toMatchObject({
        message: `Marker "${alt.id}" was not found.`,
        extensions: { code: 'BAD_USER_INPUT' },
      });
      const all = await topology.graphql(SERVERS, { all: true }, topology.tokens.demo);
      expect(all.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    });

    it('shows a server by id from its one cell, with its fault for ERROR servers', async () => {
      const failed = (await servers({ all: true, filter: { status: 'ERROR', projectId: 'demo' } })).nodes[0]!;
      const query = `query($id: ID!) { server(id: $id) {
        id status projectId host links { rel href }
        fault { code message details created }
        messages { actionId detailId userMessage eventId }
      } }`;
      const admin = await topology.graphql<{ server: Record<string, unknown> }>(query, { id: failed.id });
      const member = await topology.graphql<{ server: Record<string, unknown> }>(
        query,
        { id: failed.id },
        topology.tokens.demo,
      );
      const fault = admin.body.data!.server['fault'] as Record<string, unknown>;
      expect(fault).toMatchObject({ code: 500 });
      expect(String(fault['message'])).toContain(failed.id);
      expect(fault['details']).toEqual(expect.any(String));
      expect(member.body.data!.server['fault']).toEqual({ ...fault, details: null });
      expect(member.body.data!.server['host']).toBeNull();
      expect(admin.body.data!.server['links']).toEqual([
        { rel: 'self', href: `${topology.baseUrl}/v1/servers/${failed.id}` },
        { rel: 'bookmark', href: `${topology.baseUrl}/servers/${failed.id}` },
      ]);
      expect(admin.body.data!.server['messages']).toEqual([
        {
          actionId: '002',
          detailId: '110',
          userMessage:
            'create: The server failed to boot on its host. Trying again with a different image may succeed.',
          eventId: 'SERVER_002_110',
        },
      ]);
    });

    it('shows no fault on an ACTIVE server', async () => {
      const active = await topology.graphql<{ servers: { nodes: { fault: unknown }[] } }>(
        '{ servers(allProjects: true, filter: { status: ACTIVE }) { nodes { fault { code } } } }',
      );
      expect(active.body.data!.servers.nodes.every((node) => node.fault === null)).toBe(true);
    });
  });

  describe('shares, services and the catalogue', () => {
    it('lists shares across cells with their type, admin-only host, and scoping', async () => {
      const query = `query($all: Boolean) { shares(allProjects: $all) {
        nodes { id status projectId host exportLocations shareType { name isDefault } }
        partial
      } }`;
      const admin = await topology.graphql<{ shares: { nodes: Record<string, unknown>[] } }>(query, {
        all: true,
      });
      const nodes = admin.body.data!.shares.nodes;
      expect(nodes).toHaveLength(2 * 3 * Math.max(1, Math.floor(SERVERS_PER_CELL / 5)));
      expect(nodes[0]).toMatchObject({
        status: 'AVAILABLE',
        shareType: { name: 'dhss_false', isDefault: true },
      });
      expect(String(nodes[0]!['host'])).toMatch(/^cell\d-share@generic$/);
      expect(String((nodes[0]!['exportLocations'] as string[])[0])).toBe(
        `${String(nodes[0]!['host']).split('-')[0]}-nfs.cellgate.test:/shares/${String(nodes[0]!['id'])}`,
      );
      const member = await topology.graphql<{ shares: { nodes: Record<string, unknown>[] } }>(
        query,
        {},
        topology.tokens.alt,
      );
      expect(
        member.body.data!.shares.nodes.every((node) => node['projectId'] === 'alt' && node['host'] === null),
      ).toBe(true);
    });

    it('lists the services of every cell for admins, and forbids it to members', async () => {
      const query = '{ services { nodes { binary host zone status state cell ensuring } partial } }';
      const admin = await topology.graphql<{
        services: { nodes: Record<string, unknown>[]; partial: boolean };
      }>(query);
      const computes = admin.body.data!.services.nodes.filter((node) => node['binary'] === 'compute');
      const shares = admin.body.data!.services.nodes.filter((node) => node['binary'] === 'share');
      expect(computes).toHaveLength(6);
      expect(shares.map((node) => node['host']).sort()).toEqual([
        'cell1-share@generic',
        'cell2-share@generic',
        'cell3-share@generic',
      ]);
      expect(computes[0]).toMatchObject({ status: 'ENABLED', state: 'UP', zone: 'cell1', cell: 'cell1' });
      const filtered = await topology.graphql<{ services: { nodes: unknown[] } }>(
        '{ services(filter: { binary: "share", host: "cell2-share@generic" }) { nodes { host } } }',
      );
      expect(filtered.body.data!.services.nodes).toEqual([{ host: 'cell2-share@generic' }]);
      const member = await topology.graphql(query, {}, topology.tokens.demo);
      expect(member.body.errors?.[0]).toMatchObject({
        message: 'Only administrators may list services.',
        extensions: { code: 'FORBIDDEN' },
      });
    });

    it('lists flavors and share types as the demo topology defines them', async () => {
      const answer = await topology.graphql<{ flavors: unknown[]; shareTypes: unknown[] }>(
        '{ flavors { name vcpus ram disk } shareTypes { id name isDefault requiredExtraSpecs } }',
        {},
        topology.tokens.demo,
      );
      expect(answer.body.data!.flavors).toEqual(
        expect.arrayContaining([
          { name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1 },
          { name: 'm1.small', vcpus: 1, ram: 2048, disk: 20 },
        ]),
      );
      expect(answer.body.data!.shareTypes).toEqual([
        {
          id: '1cf5d45a-61b3-44d1-8ec7-89a21f51a4d4',
          name: 'dhss_false',
          isDefault: true,
          requiredExtraSpecs: { driver_handles_share_servers: 'False' },
        },
        {
          id: '277c1089-127f-426e-9b12-711845991ea1',
          name: 'dhss_true',
          isDefault: false,
          requiredExtraSpecs: { driver_handles_share_servers: 'True' },
        },
      ]);
    });

    it('lists cells with their breaker state for admins only', async () => {
      const answer = await topology.graphql<{ cells: unknown[] }>(
        '{ cells { name availabilityZone state breaker } }',
      );
      expect(answer.body.data!.cells).toEqual([
        { name: 'cell0', availabilityZone: null, state: 'UP', breaker: 'CLOSED' },
        { name: 'cell1', availabilityZone: 'cell1', state: 'UP', breaker: 'CLOSED' },
        { name: 'cell2', availabilityZone: 'cell2', state: 'UP', breaker: 'CLOSED' },
        { name: 'cell3', availabilityZone: 'cell3', state: 'UP', breaker: 'CLOSED' },
      ]);
      const member = await topology.graphql('{ cells { name } }', {}, topology.tokens.demo);
      expect(member.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    });
  });

  describe('cost per request', () => {
    const queriesSoFar = async () => {
      const text = await (await fetch(`${topology.baseUrl}/metrics`)).text();
      return [...text.matchAll(/^cellgate_cell_queries_total\{cell="([^"]+)"\} (\d+)/gm)].reduce(
        (sum, match) => sum + Number(match[2]),
        0,
      );
    };

    it('sends the same number of SQL statements per cell whatever the page size and subfields', async () => {
      const query = `query($first: Int) { servers(allProjects: true, first: $first) {
        nodes { id fault { code message } messages { id userMessage } }
      } }`;
      const counts: number[] = [];
      for (const first of [2, 30, 50, 72]) {
        const before = await queriesSoFar();
        const answer = await topology.graphql<{ servers: { nodes: unknown[] } }>(query, { first });
        expect(answer.body.data!.servers.nodes).toHaveLength(first);
        counts.push((await queriesSoFar()) - before);
      }
      // At most LAST_ROUND list batches per cell (4 with cell0; usually one or two), then one fault batch per cell
      // with an ERROR server on the page and one message batch per cell with a server on the page: bounded,
      // whatever the page size.
      for (const count of counts) expect(count).toBeLessThanOrEqual(4 * LAST_ROUND + 3 + 3);
      expect(Math.min(...counts.slice(1))).toBeGreaterThanOrEqual(4 + 3 + 3);
    });
  });

  describe('statements compiled once per process', () => {
    /** The pages of this test: scopes, sorts, filters, a marker, faults and shares. */
    const pages = async () => {
      const first = await servers({ all: true, first: 3 });
      return [
        { query: SERVERS, variables: { all: true, first: 5 } },
        { query: SERVERS, variables: { all: true, first: 4, sort: [{ key: 'NAME', direction: 'DESC' }] } },
        { query: SERVERS, variables: { all: true, first: 3, after: first.pageInfo.endCursor } },
        { query: SERVERS, variables: { all: true, filter: { status: 'ERROR' } } },
        { query: SERVERS, variables: { first: 6 }, token: topology.tokens.demo },
        { query: SERVERS, variables: { first: 6 }, token: topology.tokens.alt },
        {
          query: '{ servers(allProjects: true, first: 8) { nodes { id fault { code message } } } }',
          variables: {},
        },
        { query: '{ shares(allProjects: true, first: 4) { nodes { id name status } } }', variables: {} },
      ];
    };
    const dataOf = async (page: { query: string; variables: Record<string, unknown>; token?: string }) => {
      const answer = await topology.graphql(page.query, page.variables, page.token);
      expect(answer.body.errors).toBeUndefined();
      return answer.body.data;
    };

    it('compiles a page once per process: read again it compiles nothing, and it answers as when every read compiles', async () => {
      const services = topology.app!.services as { statements: StatementCache };
      const kept = services.statements;
      try {
        services.statements = new StatementCache();
        const firstReads = [];
        const sizes: number[] = [];
        for (const page of await pages()) {
          firstReads.push(await dataOf(page));
          sizes.push(services.statements.size);
        }
        // Each page compiled statements of its own, so the keys tell the pages apart.
        for (let i = 1; i < sizes.length; i++) expect(sizes[i]).toBeGreaterThan(sizes[i - 1]!);
        // A second read may ask other batch sizes (`PageShapes`); from then on a page asks the same statements.
        const again = await pages();
        for (const [index, page] of again.entries()) expect(await dataOf(page)).toEqual(firstReads[index]);
        const size = services.statements.size;
        for (const index of [...again.keys()].reverse()) {
          expect(await dataOf(again[index]!)).toEqual(firstReads[index]);
        }
        expect(services.statements.size).toBe(size);
        // A cache that keeps nothing compiles every statement of every read, and the answers are the same.
        services.statements = new StatementCache(0);
        for (const [index, page] of again.entries()) expect(await dataOf(page)).toEqual(firstReads[index]);
        expect(services.statements.size).toBe(0);
      } finally {
        services.statements = kept;
      }
    });
  });

  describe('HTTP endpoints', () => {
    it('serves health, readiness with each cell, metrics per cell, and GraphiQL without a CDN', async () => {
      expect((await fetch(`${topology.baseUrl}/healthz`)).status).toBe(200);
      const ready = await fetch(`${topology.baseUrl}/readyz`);
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as { cells: { name: string; state: string }[] };
      expect(body.cells.map((cell) => cell.name)).toEqual(['cell0', 'cell1', 'cell2', 'cell3']);
      const metrics = await (await fetch(`${topology.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(
        /cellgate_cell_request_duration_seconds_count\{cell="cell1",outcome="ok"\} \d+/,
      );
      expect(metrics).toMatch(/cellgate_cell_breaker_state\{cell="cell2"\} 0/);
      // Read from the pools at the scrape: every cell asked so far has an idle connection and none busy.
      expect(metrics).toMatch(/cellgate_cell_pool_connections\{cell="cell1",state="busy"\} 0\n/);
      expect(metrics).toMatch(/cellgate_cell_pool_connections\{cell="cell1",state="idle"\} [1-9]\d*\n/);
      for (const path of ['/', '/graphiql']) {
        const page = await fetch(`${topology.baseUrl}${path}`, { headers: { accept: 'text/html' } });
        const html = await page.text();
        expect(page.headers.get('x-request-id')).toMatch(/^req-/);
        expect(html).toContain('/graphiql/assets/graphiql.min.js');
        expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
      }
      const browserGet = await fetch(`${topology.baseUrl}/graphql`, { headers: { accept: 'text/html' } });
      expect(await browserGet.text()).toContain('GraphiQL');
      const asset = await fetch(`${topology.baseUrl}/graphiql/assets/graphiql.min.js`);
      expect(asset.status).toBe(200);
      expect(
        Number(asset.headers.get('content-length') ?? (await asset.arrayBuffer()).byteLength),
      ).toBeGreaterThan(1_000_000);
    });
  });
});

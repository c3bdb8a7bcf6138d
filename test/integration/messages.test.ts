import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { CellDatabase } from '../../src/cell-db/cell-database.js';
import { acquireLease } from '../../src/cell-db/lease.repository.js';
import { startTopology, waitFor, type Topology } from '../support/topology.js';

/** User messages (Cinder's spec, Manila's semantics) through GraphQL over HTTP, on real cell servers. */

interface MessageNode {
  readonly id: string;
  readonly resourceType: string;
  readonly resourceId: string | null;
  readonly actionId: string;
  readonly detailId: string;
  readonly eventId: string;
  readonly userMessage: string;
  readonly messageLevel: string;
  readonly requestId: string | null;
  readonly projectId: string;
  readonly createdAt: string;
  readonly expiresAt: string;
}

interface MessagesPage {
  readonly messages: {
    readonly nodes: MessageNode[];
    readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
    readonly partial: boolean;
  };
}

const MESSAGES = `query Messages($filter: MessageFilter, $sort: [MessageSort!], $first: Int, $after: ID, $all: Boolean) {
  messages(filter: $filter, sort: $sort, first: $first, after: $after, allProjects: $all) {
    nodes { id resourceType resourceId actionId detailId eventId userMessage messageLevel requestId projectId createdAt expiresAt }
    pageInfo { hasNextPage endCursor }
    partial
  }
}`;

const SERVERS_PER_CELL = 20;
const TTL_S = 2_592_000;
const HOUR_MS = 3_600_000;

describe('user messages', () => {
  let topology: Topology;
  const cellDb = (name: string): Kysely<CellDatabase> =>
    topology.app!.services.connections.get(topology.app!.services.registry.byName(name)!);

  /** Fixture messages written straight into cells: both resource types, several actions, details and projects. */
  const fixtures: {
    id: string;
    cell: string;
    projectId: string;
    resourceType: string;
    resourceId: string;
    actionId: string;
    detailId: string;
    requestId: string;
    createdAt: Date;
  }[] = [];

  const insertMessage = async (
    cell: string,
    values: Partial<(typeof fixtures)[number]> & { expiresAt?: Date },
  ) => {
    const createdAt = values.createdAt ?? new Date();
    const message = {
      id: values.id ?? randomUUID(),
      cell,
      projectId: values.projectId ?? 'demo',
      resourceType: values.resourceType ?? 'SHARE',
      resourceId: values.resourceId ?? randomUUID(),
      actionId: values.actionId ?? '001',
      detailId: values.detailId ?? '008',
      requestId: values.requestId ?? `req-${randomUUID()}`,
      createdAt,
    };
    await cellDb(cell)
      .insertInto('messages')
      .values({
        id: message.id,
        project_id: message.projectId,
        request_id: message.requestId,
        resource_type: message.resourceType,
        resource_id: message.resourceId,
        action_id: message.actionId,
        detail_id: message.detailId,
        message_level: 'ERROR',
        created_at: createdAt,
        expires_at: values.expiresAt ?? new Date(createdAt.getTime() + TTL_S * 1000),
        deleted: false,
      })
      .execute();
    return message;
  };

  beforeAll(async () => {
    topology = await startTopology({
      serversPerCell: SERVERS_PER_CELL,
      env: { SERVICE_DOWN_TIME_S: '3600' },
    });
    const now = Date.now();
    const kinds = [
      { resourceType: 'SHARE', actionId: '001', detailId: '008' },
      { resourceType: 'SHARE', actionId: '002', detailId: '003' },
      { resourceType: 'SERVER', actionId: '001', detailId: '103' },
      { resourceType: 'SHARE', actionId: '001', detailId: '009' },
    ];
    let i = 0;
    for (const cell of ['cell0', 'cell1', 'cell2', 'cell3']) {
      for (const kind of kinds) {
        for (const projectId of ['demo', 'alt']) {
          i++;
          fixtures.push(
            await insertMessage(cell, { ...kind, projectId, createdAt: new Date(now - i * 0.7 * HOUR_MS) }),
          );
        }
      }
    }
  });

  afterAll(async () => {
    await topology?.stop();
  });

  const page = async (variables: Record<string, unknown>, token?: string) => {
    const answer = await topology.graphql<MessagesPage>(MESSAGES, variables, token);
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data!.messages;
  };

  const walk = async (variables: Record<string, unknown>, first: number) => {
    const ids: string[] = [];
    let after: string | null = null;
    for (let n = 0; n < 500; n++) {
      const result = await page({ ...variables, first, after });
      ids.push(...result.nodes.map((node) => node.id));
      if (!result.pageInfo.hasNextPage) return ids;
      after = result.pageInfo.endCursor;
    }
    throw new Error('too many pages');
  };

  const demoMessages = (2 * 3 * SERVERS_PER_CELL) / 5; // ERROR servers of the demo seed: every 5th, both projects

  it('lists the messages of every cell, cell0 included, newest first by default', async () => {
    const result = await page({ all: true });
    expect(result.partial).toBe(false);
    expect(result.nodes).toHaveLength(demoMessages + fixtures.length);
    const sorted = [...result.nodes].sort((a, b) =>
      a.createdAt === b.createdAt ? (a.id < b.id ? 1 : -1) : a.createdAt < b.createdAt ? 1 : -1,
    );
    expect(result.nodes.map((node) => node.id)).toEqual(sorted.map((node) => node.id));
    const fromCell0 = fixtures.filter((fixture) => fixture.cell === 'cell0').map((fixture) => fixture.id);
    expect(result.nodes.filter((node) => fromCell0.includes(node.id))).toHaveLength(fromCell0.length);
  });

  it('shows a message with its catalogue text, event id, request id, expiry and links', async () => {
    const fixture = fixtures.find(
      (candidate) => candidate.detailId === '008' && candidate.projectId === 'demo',
    )!;
    const answer = await topology.graphql<{ message: Record<string, unknown> }>(
      `query($id: ID!) { message(id: $id) { id resourceType resourceId actionId detailId userMessage messageLevel eventId
        requestId projectId createdAt expiresAt links { rel href } } }`,
      { id: fixture.id },
      topology.tokens.demo,
    );
    expect(answer.body.data!.message).toEqual({
      id: fixture.id,
      resourceType: 'SHARE',
      resourceId: fixture.resourceId,
      actionId: '001',
      detailId: '008',
      userMessage:
        "allocate host: No storage could be allocated for this share request, Capabilities filter didn't succeed.",
      messageLevel: 'ERROR',
      eventId: 'SHARE_001_008',
      requestId: fixture.requestId,
      projectId: 'demo',
      createdAt: fixture.createdAt.toISOString(),
      expiresAt: new Date(fixture.createdAt.getTime() + TTL_S * 1000).toISOString(),
      links: [
        { rel: 'self', href: `${topology.baseUrl}/v1/messages/${fixture.id}` },
        { rel: 'bookmark', href: `${topology.baseUrl}/messages/${fixture.id}` },
      ],
    });
  });

  it.each([
    ['the default order', undefined],
    ['CREATED_AT ASC', [{ key: 'CREATED_AT', direction: 'ASC' }]],
    ['EVENT_ID ASC', [{ key: 'EVENT_ID', direction: 'ASC' }]],
    [
      'EVENT_ID DESC, CREATED_AT ASC',
      [
        { key: 'EVENT_ID', direction: 'DESC' },
        { key: 'CREATED_AT', direction: 'ASC' },
      ],
    ],
    ['DETAIL_ID DESC', [{ key: 'DETAIL_ID', direction: 'DESC' }]],
    [
      'RESOURCE_TYPE ASC, ACTION_ID DESC',
      [
        { key: 'RESOURCE_TYPE', direction: 'ASC' },
        { key: 'ACTION_ID', direction: 'DESC' },
      ],
    ],
    ['EXPIRES_AT DESC', [{ key: 'EXPIRES_AT', direction: 'DESC' }]],
    ['MESSAGE_LEVEL ASC', [{ key: 'MESSAGE_LEVEL', direction: 'ASC' }]],
    ['ID ASC', [{ key: 'ID', direction: 'ASC' }]],
  ])('sorts by %s and pages through it across cells exactly once', async (_name, sort) => {
    const full = await page({ all: true, sort });
    const ids = full.nodes.map((node) => node.id);
    expect(new Set(ids).size).toBe(demoMessages + fixtures.length);
    if (sort) {
      const key = sort[0]!.key;
      const read = (node: MessageNode) =>
        key === 'EVENT_ID'
          ? node.eventId
          : key === 'CREATED_AT'
            ? node.createdAt
            : key === 'EXPIRES_AT'
              ? node.expiresAt
              : key === 'DETAIL_ID'
                ? node.detailId
                : key === 'ACTION_ID'
                  ? node.actionId
                  : key === 'RESOURCE_TYPE'
                    ? node.resourceType
                    : key === 'MESSAGE_LEVEL'
                      ? node.messageLevel
                      : node.id;
      const values = full.nodes.map(read);
      const expected = [...values].sort();
      expect(values).toEqual(sort[0]!.direction === 'ASC' ? expected : expected.reverse());
    }
    for (const first of [1, 7, 25]) expect(await walk({ all: true, sort }, first)).toEqual(ids);
  });

  it.each([
    ['resourceType', { resourceType: 'SERVER' }, (n: MessageNode) => n.resourceType === 'SERVER'],
    ['actionId', { actionId: '002' }, (n: MessageNode) => n.actionId === '002'],
    ['detailId', { detailId: '009' }, (n: MessageNode) => n.detailId === '009'],
    ['eventId', { eventId: 'SHARE_002_003' }, (n: MessageNode) => n.eventId === 'SHARE_002_003'],
    ['messageLevel', { messageLevel: 'ERROR' }, () => true],
    ['projectId', { projectId: 'alt' }, (n: MessageNode) => n.projectId === 'alt'],
  ])('filters by %s', async (_name, filter, predicate) => {
    const all = (await page({ all: true })).nodes;
    const filtered = (await page({ all: true, filter })).nodes;
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.map((node) => node.id)).toEqual(all.filter(predicate).map((node) => node.id));
  });

  it('filters by resourceId and requestId, and by creation time with both bounds inclusive', async () => {
    const fixture = fixtures[5]!;
    expect(
      (await page({ all: true, filter: { resourceId: fixture.resourceId } })).nodes.map((n) => n.id),
    ).toEqual([fixture.id]);
    expect(
      (await page({ all: true, filter: { requestId: fixture.requestId } })).nodes.map((n) => n.id),
    ).toEqual([fixture.id]);
    const at = fixture.createdAt.toISOString();
    const exactly = await page({ all: true, filter: { createdSince: at, createdBefore: at } });
    expect(exactly.nodes.map((node) => node.id)).toEqual([fixture.id]);
    const since = (await page({ all: true, filter: { createdSince: at } })).nodes;
    expect(since.every((node) => node.createdAt >= at)).toBe(true);
    expect(since.some((node) => node.id === fixture.id)).toBe(true);
    const before = (await page({ all: true, filter: { createdBefore: at } })).nodes;
    expect(before.every((node) => node.createdAt <= at)).toBe(true);
    expect(since.length + before.length).toBe(demoMessages + fixtures.length + 1);
    expect((await page({ all: true, filter: { eventId: 'not-an-event' } })).nodes).toEqual([]);
  });

  it('rejects an unknown marker and keeps a foreign marker unknown to a member', async () => {
    const unknown = await topology.graphql(MESSAGES, { after: randomUUID() });
    expect(unknown.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    const alt = fixtures.find((fixture) => fixture.projectId === 'alt')!;
    const foreign = await topology.graphql(MESSAGES, { after: alt.id }, topology.tokens.demo);
    expect(foreign.body.errors?.[0]).toMatchObject({
      message: `Marker "${alt.id}" was not found.`,
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  describe('member isolation', () => {
    it('lists a member only its own project, and forbids allProjects and the projectId filter', async () => {
      const mine = (await page({}, topology.tokens.demo)).nodes;
      expect(mine.length).toBe((demoMessages + fixtures.length) / 2);
      expect(mine.every((node) => node.projectId === 'demo')).toBe(true);
      for (const variables of [{ all: true }, { filter: { projectId: 'alt' } }]) {
        const answer = await topology.graphql(MESSAGES, variables, topology.tokens.demo);
        expect(answer.body.errors?.[0]?.extensions?.['code']).toBe('FORBIDDEN');
      }
    });

    it("shows null for another project's message and refuses to delete it", async () => {
      const alt = fixtures.find((fixture) => fixture.projectId === 'alt' && fixture.cell === 'cell3')!;
      const show = await topology.graphql(
        'query($id: ID!) { message(id: $id) { id } }',
        { id: alt.id },
        topology.tokens.demo,
      );
      expect(show.body.data).toEqual({ message: null });
      const remove = await topology.graphql(
        'mutation($ids: [ID!]!) { deleteMessages(ids: $ids) }',
        { ids: [alt.id] },
        topology.tokens.demo,
      );
      expect(remove.body).toMatchObject({
        data: null,
        errors: [
          { message: `Message "${alt.id}" was not found.`, extensions: { code: 'NOT_FOUND', ids: [alt.id] } },
        ],
      });
      const stillThere = await topology.graphql(
        'query($id: ID!) { message(id: $id) { id } }',
        { id: alt.id },
        topology.tokens.alt,
      );
      expect(stillThere.body.data).toEqual({ message: { id: alt.id } });
    });

    it('deletes what the member may delete, returns those ids, and reports the others as NOT_FOUND', async () => {
      const own = await insertMessage('cell2', { projectId: 'demo' });
      const foreign = await insertMessage('cell1', { projectId: 'alt' });
      const answer = await topology.graphql<{ deleteMessages: string[] }>(
        'mutation($ids: [ID!]!) { deleteMessages(ids: $ids) }',
        { ids: [own.id, foreign.id] },
        topology.tokens.demo,
      );
      expect(answer.body.data).toEqual({ deleteMessages: [own.id] });
      expect(answer.body.errors).toEqual([
        {
          message: `Messages "${foreign.id}" were not found.`,
          extensions: { code: 'NOT_FOUND', ids: [foreign.id] },
        },
      ]);
      const gone = await topology.graphql(
        'query($id: ID!) { message(id: $id) { id } }',
        { id: own.id },
        topology.tokens.demo,
      );
      expect(gone.body.data).toEqual({ message: null });
      expect((await page({ filter: { resourceId: own.resourceId } }, topology.tokens.demo)).nodes).toEqual(
        [],
      );
      const row = await cellDb('cell2')
        .selectFrom('messages')
        .select(['deleted', 'deleted_at'])
        .where('id', '=', own.id)
        .executeTakeFirstOrThrow();
      expect(row.deleted).toBe(1);
      await cellDb('cell1').deleteFrom('messages').where('id', '=', foreign.id).execute();
    });
  });

  describe('expiry', () => {
    it('hides a message from every query the moment it expires, before any reaper runs', async () => {
      const server = (
        await topology.graphql<{ servers: { nodes: { id: string }[] } }>(
          '{ servers(filter: { availabilityZone: "cell1" }) { nodes { id } } }',
          {},
          topology.tokens.demo,
        )
      ).body.data!.servers.nodes[0]!;
      const soon = await insertMessage('cell1', {
        projectId: 'demo',
        resourceType: 'SERVER',
        resourceId: server.id,
        // Long enough for the first look below to see it even on a loaded machine.
        expiresAt: new Date(Date.now() + 4_000),
      });
      const visible = async () => {
        const list = await page({ filter: { resourceId: server.id } }, topology.tokens.demo);
        const show = await topology.graphql<{ message: unknown; server: { messages: { id: string }[] } }>(
          'query($id: ID!, $server: ID!) { message(id: $id) { id } server(id: $server) { messages { id } } }',
          { id: soon.id, server: server.id },
          topology.tokens.demo,
        );
        return [
          list.nodes.some((node) => node.id === soon.id),
          show.body.data!.message !== null,
          show.body.data!.server.messages.some((message) => message.id === soon.id),
        ];
      };
      expect(await visible()).toEqual([true, true, true]);
      await waitFor(async () => (await visible()).every((isVisible) => !isVisible), 15_000, 'expiry');
      expect(await visible()).toEqual([false, false, false]);
      const row = await cellDb('cell1')
        .selectFrom('messages')
        .select('id')
        .where('id', '=', soon.id)
        .executeTakeFirst();
      expect(row).toBeDefined();
    });

    it('reaps expired messages in batches with `cellgate messages reap`, leaving live ones', async () => {
      const past = new Date(Date.now() - 60_000);
      const expired = [];
      for (let i = 0; i < 5; i++)
        expired.push(
          await insertMessage('cell3', { createdAt: new Date(past.getTime() - 1000), expiresAt: past }),
        );
      const liveBefore = (await page({ all: true })).nodes.length;
      const result = spawnSync(
        process.execPath,
        [join(import.meta.dirname, '../../bin/cellgate.js'), 'messages', 'reap'],
        {
          env: { ...process.env, ...topology.env, MESSAGE_REAP_BATCH_SIZE: '2' },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      // cell1 still holds the message that expired in the test above; cell3 the five expired now: 2 + 2 + 1.
      expect(result.stdout).toContain('cell3: 5 expired messages deleted in 3 statements.');
      expect(result.stdout).toMatch(/cell0: 0 expired messages deleted in 1 statements\./);
      const left = await cellDb('cell3')
        .selectFrom('messages')
        .select('id')
        .where(
          'id',
          'in',
          expired.map((m) => m.id),
        )
        .execute();
      expect(left).toEqual([]);
      expect((await page({ all: true })).nodes.length).toBe(liveBefore);
    });

    it('lets only one worker of a cell hold the reaper lease at a time', async () => {
      const db = cellDb('cell2');
      const name = `test-lease-${randomUUID()}`;
      const first = await acquireLease(db, name, 'worker-a', 30);
      const second = await acquireLease(db, name, 'worker-b', 30);
      const again = await acquireLease(db, name, 'worker-a', 30);
      expect([first, second, again]).toEqual([true, false, true]);
      const later = await acquireLease(db, name, 'worker-b', 30, new Date(Date.now() + 31_000));
      expect(later).toBe(true);
    });
  });

  describe('subfields', () => {
    const queriesSoFar = async () => {
      const text = await (await fetch(`${topology.baseUrl}/metrics`)).text();
      return [...text.matchAll(/^cellgate_cell_queries_total\{cell="([^"]+)"\} (\d+)/gm)].reduce(
        (sum, m) => sum + Number(m[2]),
        0,
      );
    };

    it('loads fault and messages of a 100-server page with one query per cell per batch', async () => {
      const query = (subfields: string) => `query($first: Int) { servers(allProjects: true, first: $first) {
        nodes { id status ${subfields} }
      } }`;
      const statementsOf = async (subfields: string, first: number) => {
        const before = await queriesSoFar();
        const answer = await topology.graphql<{
          servers: { nodes: { status: string; fault?: unknown; messages?: unknown[] }[] };
        }>(query(subfields), { first });
        const nodes = answer.body.data!.servers.nodes;
        expect(nodes).toHaveLength(first);
        if (first === 100 && subfields !== '') {
          const failed = nodes.filter((node) => node.status === 'ERROR');
          expect(failed.length).toBeGreaterThan(10);
          expect(failed.every((node) => node.fault !== null && node.messages!.length === 1)).toBe(true);
        }
        return (await queriesSoFar()) - before;
      };
      const batches: number[] = [];
      for (const first of [10, 50, 100]) {
        // The same list without subfields costs the same list batches (the merge is deterministic): the
        // difference is what the subfields cost.
        const listOnly = await statementsOf('', first);
        batches.push((await statementsOf('fault { code } messages { id eventId }', first)) - listOnly);
      }
      // 3 fault batches + 3 message batches (one per cell with servers on the page), at most, whatever the page size.
      expect(batches[0]).toBeLessThanOrEqual(6);
      expect(batches.slice(1)).toEqual([6, 6]);
    });
  });
});

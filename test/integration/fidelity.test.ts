import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { demoUuid } from '../../cells/demo/demo-topology.js';
import { startWorkers } from '../../src/app.js';
import { insertInstanceFault } from '../../src/cell-db/instance-fault.repository.js';
import { MessageDetail } from '../../src/messages/catalogue.js';
import { startTopology, waitFor, type Topology } from '../support/topology.js';

/**
 * Where cellgate follows Nova, Cinder and Manila through the public API (issue 13): deletions seen by polling with
 * `changesSince`, Nova's tie-breaker under an explicit sort, empty fault details, links that answer, "no service
 * is up" messages, and a create without a default share type.
 */

type Node = Record<string, unknown>;
type RunningWorkers = Awaited<ReturnType<typeof startWorkers>>;

const ENV = {
  SERVICE_DOWN_TIME_S: '3',
  HEARTBEAT_INTERVAL_S: '1',
  WORKER_POLL_INTERVAL_MS: '100',
  TASK_LEASE_S: '3',
};

describe('fidelity to Nova, Cinder and Manila', () => {
  let topology: Topology;
  const workers = new Map<string, RunningWorkers>();

  beforeAll(async () => {
    topology = await startTopology({ serversPerCell: 5, env: ENV });
    for (const cell of ['cell0', 'cell1', 'cell2', 'cell3']) {
      workers.set(
        cell,
        await startWorkers({
          config: topology.config,
          api: topology.app!.services.api,
          logger: pino({ level: 'silent' }),
          onlyCell: cell,
        }),
      );
    }
  });

  afterAll(async () => {
    await Promise.all([...workers.values()].map((running) => running.stop()));
    await topology?.stop();
  });

  const as = (token: string) => async (query: string, variables?: Record<string, unknown>) => {
    const answer = await topology.graphql<Record<string, Node & { nodes: Node[] }>>(query, variables, token);
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data!;
  };
  const admin = (query: string, variables?: Record<string, unknown>) =>
    as(topology.tokens.admin)(query, variables);
  const demo = (query: string, variables?: Record<string, unknown>) =>
    as(topology.tokens.demo)(query, variables);

  describe('changesSince (Nova changes-since)', () => {
    const demoServer = demoUuid('cell1:demo:server:4'); // demo-cell1-05, ERROR with a fault
    const altServer = demoUuid('cell2:alt:server:0');
    const POLL = `query($since: DateTime!, $deleted: Boolean, $all: Boolean) {
      servers(filter: { changesSince: $since, deleted: $deleted }, allProjects: $all) {
        nodes { id name status projectId fault { code message details } }
      }
    }`;
    let since: string;

    beforeAll(async () => {
      since = new Date(Date.now() - 1_000).toISOString();
      await demo('mutation($id: ID!) { deleteServer(id: $id) { id } }', { id: demoServer });
      await as(topology.tokens.alt)('mutation($id: ID!) { deleteServer(id: $id) { id } }', { id: altServer });
      await waitFor(
        async () =>
          (await admin('{ servers(allProjects: true, filter: { deleted: true }) { nodes { id } } }')).servers!
            .nodes.length === 2,
        15_000,
        'both servers deleted',
      );
    });

    it("shows a member its project's servers deleted since then, as DELETED with their fault, and no other project's", async () => {
      const polled = await demo(POLL, { since });
      expect(polled.servers!.nodes).toEqual([
        {
          id: demoServer,
          name: 'demo-cell1-05',
          status: 'DELETED',
          projectId: 'demo',
          fault: {
            code: 500,
            message: `Build of instance ${demoServer} aborted: Failed to boot the server on cell1-compute1.`,
            details: null,
          },
        },
      ]);
    });

    it('keeps deleted servers out of lists without changesSince, and out of show for members', async () => {
      const live = await demo('{ servers { nodes { id } } }');
      expect(live.servers!.nodes.map((node) => node['id'])).not.toContain(demoServer);
      const shown = await demo('query($id: ID!) { server(id: $id) { id } }', { id: demoServer });
      expect(shown.server).toBeNull();
      const asAdmin = await admin('query($id: ID!) { server(id: $id) { id status } }', { id: demoServer });
      expect(asAdmin.server).toEqual({ id: demoServer, status: 'DELETED' });
    });

    it('gives admins every project with allProjects, and live servers only with deleted: false', async () => {
      const all = await admin(POLL, { since, all: true });
      expect(new Set(all.servers!.nodes.map((node) => node['id']))).toEqual(new Set([demoServer, altServer]));
      const liveOnly = await admin(POLL, { since, all: true, deleted: false });
      expect(liveOnly.servers!.nodes).toEqual([]);
    });
  });

  describe('ties under an explicit sort (Nova appends uuid asc)', () => {
    const LIST = `query($sort: [ServerSort!], $first: Int, $after: ID) {
      servers(allProjects: true, sort: $sort, first: $first, after: $after) {
        nodes { id status } pageInfo { hasNextPage endCursor }
      }
    }`;

    it.each(['DESC', 'ASC'])(
      'orders equal statuses by id ascending under STATUS %s, and pages exactly',
      async (direction) => {
        const sort = [{ key: 'STATUS', direction }];
        const full = (await admin(LIST, { sort })).servers!.nodes as { id: string; status: string }[];
        expect(full.length).toBeGreaterThan(20);
        for (let i = 1; i < full.length; i++) {
          if (full[i - 1]!.status === full[i]!.status) expect(full[i - 1]!.id < full[i]!.id).toBe(true);
        }
        const walked: string[] = [];
        let after: string | null = null;
        for (let page = 0; page < 50; page++) {
          const result = (await admin(LIST, { sort, first: 4, after })).servers!;
          walked.push(...result.nodes.map((node) => String(node['id'])));
          const info = result['pageInfo'] as { hasNextPage: boolean; endCursor: string | null };
          if (!info.hasNextPage) break;
          after = info.endCursor;
        }
        expect(walked).toEqual(full.map((node) => node.id));
      },
    );

    it('keeps the default order CREATED_AT DESC, ID DESC', async () => {
      const nodes = (await admin('{ servers(allProjects: true) { nodes { id created } } }')).servers!.nodes;
      const expected = [...nodes].sort((a, b) =>
        a['created'] === b['created']
          ? String(b['id']).localeCompare(String(a['id']))
          : String(b['created']).localeCompare(String(a['created'])),
      );
      expect(nodes).toEqual(expected);
    });
  });

  it('reads empty fault details as null, for admins too (Nova leaves them out)', async () => {
    const id = demoUuid('cell2:demo:server:4');
    const cell = topology.app!.services.registry.byName('cell2')!;
    await insertInstanceFault(
      topology.app!.services.connections.get(cell),
      {
        instanceUuid: id,
        code: 404,
        message: 'The image was not found.',
        details: '',
        host: 'cell2-compute1',
        requestId: null,
      },
      new Date(),
    );
    const query = 'query($id: ID!) { server(id: $id) { fault { code message details } } }';
    const expected = { fault: { code: 404, message: 'The image was not found.', details: null } };
    expect((await admin(query, { id })).server).toEqual(expected);
    expect((await demo(query, { id })).server).toEqual(expected);
  });

  describe('links', () => {
    const get = (href: string, headers: Record<string, string> = {}) =>
      fetch(href, { headers, redirect: 'manual' });
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    it.each([
      ['server', 'query($id: ID!) { server(id: $id) { links { href } } }', demoUuid('cell1:demo:server:0')],
      ['share', 'query($id: ID!) { share(id: $id) { links { href } } }', demoUuid('cell1:demo:share:0')],
    ])(
      'answer a GET on a %s link with its show query, 404 for another project and 401 without a token',
      async (field, query, id) => {
        const links = ((await demo(query, { id }))[field]!['links'] as { href: string }[]).map(
          (link) => link.href,
        );
        expect(links).toHaveLength(2);
        for (const href of links) {
          const answer = await get(href, bearer(topology.tokens.demo));
          expect(answer.status).toBe(200);
          const body = (await answer.json()) as { data: Record<string, Node> };
          expect(body.data[field]).toMatchObject({ id, projectId: 'demo' });
          expect((await get(href, bearer(topology.tokens.alt))).status).toBe(404);
          expect((await get(href)).status).toBe(401);
        }
        const missing = await get(links[0]!, bearer(topology.tokens.alt));
        expect(await missing.json()).toEqual({
          data: { [field]: null },
          errors: [
            {
              message: `${field === 'server' ? 'Server' : 'Share'} "${id}" was not found.`,
              extensions: { code: 'NOT_FOUND' },
            },
          ],
          extensions: { requestId: missing.headers.get('x-request-id') },
        });
      },
    );

    it('answers a GET on a message link with its show query', async () => {
      const server = await demo('query($id: ID!) { server(id: $id) { messages { id links { href } } } }', {
        id: demoUuid('cell3:demo:server:4'),
      });
      const message = (server.server!['messages'] as { id: string; links: { href: string }[] }[])[0]!;
      const answer = await get(message.links[0]!.href, bearer(topology.tokens.demo));
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { data: { message: Node } }).data.message).toMatchObject({
        id: message.id,
        eventId: 'SERVER_002_110',
      });
    });

    it('sends a browser to GraphiQL with the show query filled in', async () => {
      const id = demoUuid('cell1:demo:server:0');
      const answer = await get(`${topology.baseUrl}/servers/${id}`, { accept: 'text/html' });
      expect(answer.status).toBe(303);
      const location = new URL(answer.headers.get('location')!, topology.baseUrl);
      expect(location.pathname).toBe('/graphiql');
      expect(location.searchParams.get('query')).toContain('server(id: $id)');
      expect(JSON.parse(location.searchParams.get('variables')!)).toEqual({ id });
    });
  });

  it('refuses a share without a share type when none is default, with Manila 002/024 text, creating nothing', async () => {
    const api = topology.app!.services.api;
    await api.updateTable('share_types').set({ is_default: false }).execute();
    try {
      const before = (await demo('{ shares { nodes { id } } }')).shares!.nodes.length;
      const answer = await topology.graphql(
        'mutation { createShare(input: { shareProto: "nfs", size: 1 }) { id } }',
        {},
        topology.tokens.demo,
      );
      expect(answer.body.errors).toEqual([
        expect.objectContaining({
          message: MessageDetail.NoDefaultShareType.text,
          extensions: { code: 'BAD_USER_INPUT', field: 'input.shareType' },
        }),
      ]);
      expect((await demo('{ shares { nodes { id } } }')).shares!.nodes).toHaveLength(before);
    } finally {
      await api
        .updateTable('share_types')
        .set({ is_default: true })
        .where('name', '=', 'dhss_false')
        .execute();
    }
  });

  // Last: it stops the workers of cell1..cell3, so their services go down.
  it('fails a share with 002/028 and a server with 001/104 when every share and compute service is down', async () => {
    for (const cell of ['cell1', 'cell2', 'cell3']) {
      await workers.get(cell)!.stop();
      workers.delete(cell);
    }
    await waitFor(
      async () => {
        const services = (await admin('{ services { nodes { binary state } } }')).services!.nodes;
        const relevant = services.filter(
          (node) => node['binary'] === 'compute' || node['binary'] === 'share',
        );
        return relevant.length === 9 && relevant.every((node) => node['state'] === 'DOWN');
      },
      15_000,
      'every compute and share service down',
    );
    const share = (
      await demo('mutation { createShare(input: { shareProto: "nfs", size: 1 }) { id status } }')
    ).createShare!;
    const server = (
      await demo(
        'mutation { createServer(input: { name: "no-room", flavor: "m1.tiny", image: "cirros" }) { id } }',
      )
    ).createServer!;
    const failed = await waitFor(
      async () => {
        const data = await demo(
          `query($share: ID!, $server: ID!) {
            share(id: $share) { status messages { eventId userMessage } }
            server(id: $server) { status fault { message } messages { eventId userMessage } }
          }`,
          { share: share['id'], server: server['id'] },
        );
        return data.share?.['status'] === 'ERROR' && data.server?.['status'] === 'ERROR' ? data : null;
      },
      15_000,
      'both creates ERROR',
    );
    expect(failed.share).toEqual({
      status: 'ERROR',
      messages: [
        {
          eventId: 'SHARE_002_028',
          userMessage:
            'create: No storage could be allocated for this share request. Share back end services are not ready yet. Contact your administrator in case retrying does not help.',
        },
      ],
    });
    expect(failed.server).toEqual({
      status: 'ERROR',
      fault: { message: 'No valid host was found. There are not enough hosts available.' },
      messages: [
        {
          eventId: 'SERVER_001_104',
          userMessage:
            'allocate host: No valid host was found. No compute service is up. Contact your administrator in case retrying does not help.',
        },
      ],
    });
  });
});

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTopology, waitFor, type GraphqlAnswer, type Topology } from '../support/topology.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

/**
 * The write path through GraphQL over HTTP, with real cell servers and real `cellgate worker` processes (one per
 * cell): seed 000's scenario step by step, server builds, cell0, faults, deletes, creates into a frozen cell,
 * and ensure shares (seed 002).
 */

const WORKER_ENV = {
  SIMULATED_DRIVER_DELAY_MS: '300',
  TASK_LEASE_S: '3',
  HEARTBEAT_INTERVAL_S: '1',
  SERVICE_DOWN_TIME_S: '3',
  WORKER_POLL_INTERVAL_MS: '100',
  CELL_TIMEOUT_MS: '1000',
  CELL_BREAKER_OPEN_MS: '400',
};

describe('write path with cell workers', () => {
  let topology: Topology;
  const workers = new Map<string, WorkerProcess>();

  beforeAll(async () => {
    topology = await startTopology({ serversPerCell: 2, env: WORKER_ENV });
    const started = await Promise.all(
      ['cell0', 'cell1', 'cell2', 'cell3'].map(
        async (cell) => [cell, await startWorkerProcess(topology.env, cell)] as const,
      ),
    );
    for (const [cell, worker] of started) workers.set(cell, worker);
  });

  afterAll(async () => {
    await Promise.all([...workers.values()].map((worker) => worker.stop()));
    await topology?.stop();
  });

  const member = (query: string, variables?: Record<string, unknown>) =>
    topology.graphql(query, variables, topology.tokens.demo);
  const requestIdOf = (answer: GraphqlAnswer) => answer.headers.get('x-request-id');

  const shareStatus = async (id: string) =>
    (await member('query($id: ID!) { share(id: $id) { status } }', { id })).body.data?.['share'] as {
      status: string;
    } | null;
  const serverOf = async (id: string, token = topology.tokens.admin) =>
    (
      await topology.graphql<{ server: Record<string, unknown> | null }>(
        `query($id: ID!) { server(id: $id) { id name status powerState host availabilityZone
          fault { code message details } messages { eventId userMessage requestId } } }`,
        { id },
        token,
      )
    ).body.data!.server;
  const waitForShare = (id: string, status: string) =>
    waitFor(async () => (await shareStatus(id))?.status === status, 15_000, `share ${id} ${status}`);
  const waitForServer = (id: string, status: string) =>
    waitFor(async () => (await serverOf(id))?.['status'] === status, 15_000, `server ${id} ${status}`);

  describe('seed 000: troubleshooting asynchronous failures', () => {
    it('plays out step by step, as the manila CLI shows it', async () => {
      // 1. The share types the administrator made available.
      const types = await member('{ shareTypes { name isDefault requiredExtraSpecs optionalExtraSpecs } }');
      expect(types.body.data!['shareTypes']).toEqual([
        {
          name: 'dhss_false',
          isDefault: true,
          requiredExtraSpecs: { driver_handles_share_servers: 'False' },
          optionalExtraSpecs: {
            create_share_from_snapshot_support: 'True',
            mount_snapshot_support: 'False',
            revert_to_snapshot_support: 'False',
            snapshot_support: 'True',
          },
        },
        expect.objectContaining({
          name: 'dhss_true',
          isDefault: false,
          requiredExtraSpecs: { driver_handles_share_servers: 'True' },
        }),
      ]);

      // 2-3. A share network from a private tenant network.
      const network = await member(
        `mutation { createShareNetwork(input: { name: "mynet", neutronNetId: "74d5cfb3-5dd0-43f7-b1b2-5b544cb16212",
          neutronSubnetId: "78c6ac57-bba7-4922-ab81-16cde31c2d06" }) { id name neutronNetId projectId } }`,
      );
      expect(network.body.data!['createShareNetwork']).toMatchObject({ name: 'mynet', projectId: 'demo' });
      const networks = await member('{ shareNetworks { name } }');
      expect(networks.body.data!['shareNetworks']).toEqual([{ name: 'mynet' }]);

      // 4-5. `manila create nfs 1 --name software_share --share-network mynet --share-type dhss_true`: creating, then error.
      const create = (type: string, withNetwork: boolean) =>
        member(
          `mutation { createShare(input: { shareProto: "nfs", size: 1, name: "software_share", shareType: "${type}"
            ${withNetwork ? ', shareNetwork: "mynet"' : ''} }) { id status shareProto size shareType { name } shareNetworkId } }`,
        );
      const first = await create('dhss_true', true);
      const firstShare = first.body.data!['createShare'] as Record<string, unknown>;
      expect(firstShare).toMatchObject({
        status: 'CREATING',
        shareProto: 'NFS',
        size: 1,
        shareType: { name: 'dhss_true' },
      });
      await waitForShare(String(firstShare['id']), 'ERROR');

      // 6-7. `manila message-list`, then `message-show`: the capabilities mismatch.
      const messageFields =
        'id resourceType resourceId actionId detailId userMessage messageLevel requestId eventId';
      const firstMessages = await member(
        `query($id: String) { messages(filter: { resourceId: $id }) { nodes { ${messageFields} } } }`,
        {
          id: firstShare['id'],
        },
      );
      const capabilities = (firstMessages.body.data!['messages'] as { nodes: Record<string, unknown>[] })
        .nodes;
      expect(capabilities).toEqual([
        {
          id: expect.any(String),
          resourceType: 'SHARE',
          resourceId: firstShare['id'],
          actionId: '001',
          detailId: '008',
          userMessage:
            "allocate host: No storage could be allocated for this share request, Capabilities filter didn't succeed.",
          messageLevel: 'ERROR',
          requestId: requestIdOf(first),
          eventId: 'SHARE_001_008',
        },
      ]);
      const shown = await member(`query($id: ID!) { message(id: $id) { ${messageFields} } }`, {
        id: capabilities[0]!['id'],
      });
      expect(shown.body.data!['message']).toEqual(capabilities[0]);

      // 8-9. The other share type, still with the share network: the backend does not expect one.
      const second = await create('dhss_false', true);
      const secondShare = second.body.data!['createShare'] as Record<string, unknown>;
      expect(secondShare['status']).toBe('CREATING');
      await waitForShare(String(secondShare['id']), 'ERROR');
      const both = await member(
        `{ messages(filter: { resourceType: SHARE }) { nodes { resourceId actionId detailId userMessage } } }`,
      );
      const ours = (both.body.data!['messages'] as { nodes: Record<string, unknown>[] }).nodes.filter(
        (node) => [firstShare['id'], secondShare['id']].includes(node['resourceId']),
      );
      expect(ours).toEqual([
        {
          resourceId: secondShare['id'],
          actionId: '002',
          detailId: '003',
          userMessage:
            'create: Driver does not expect share-network to be provided with current configuration.',
        },
        {
          resourceId: firstShare['id'],
          actionId: '001',
          detailId: '008',
          userMessage:
            "allocate host: No storage could be allocated for this share request, Capabilities filter didn't succeed.",
        },
      ]);

      // 10-11. Without the share network: available, exported from the backend's current configuration.
      const third = await create('dhss_false', false);
      const thirdShare = third.body.data!['createShare'] as Record<string, unknown>;
      await waitForShare(String(thirdShare['id']), 'AVAILABLE');
      const list = await member(
        `{ shares(filter: { name: "software_share" }) { nodes { id status shareType { name } exportLocations availabilityZone } } }`,
      );
      const listed = (list.body.data!['shares'] as { nodes: Record<string, unknown>[] }).nodes;
      expect(
        listed.map((node) => [node['id'], node['status'], (node['shareType'] as { name: string }).name]),
      ).toEqual([
        [thirdShare['id'], 'AVAILABLE', 'dhss_false'],
        [secondShare['id'], 'ERROR', 'dhss_false'],
        [firstShare['id'], 'ERROR', 'dhss_true'],
      ]);
      const zone = String(listed[0]!['availabilityZone']);
      expect(listed[0]!['exportLocations']).toEqual([
        `${zone}-nfs.cellgate.test:/shares/${String(thirdShare['id'])}`,
      ]);

      // 12. Delete the failed shares, then their messages.
      const failed = [secondShare['id'], firstShare['id']];
      const deleted = await member('mutation($ids: [ID!]!) { deleteShares(ids: $ids) }', { ids: failed });
      expect(deleted.body.data).toEqual({ deleteShares: failed });
      await waitFor(
        async () =>
          (await shareStatus(String(firstShare['id']))) === null &&
          (await shareStatus(String(secondShare['id']))) === null,
        15_000,
        'shares deleted',
      );
      const remaining = await member(
        `{ messages(filter: { resourceType: SHARE }) { nodes { id resourceId } } }`,
      );
      const left = (
        remaining.body.data!['messages'] as { nodes: { id: string; resourceId: string }[] }
      ).nodes.filter((node) => failed.includes(node.resourceId));
      expect(left).toHaveLength(2);
      const removed = await member('mutation($ids: [ID!]!) { deleteMessages(ids: $ids) }', {
        ids: left.map((node) => node.id),
      });
      expect(removed.body).toMatchObject({ data: { deleteMessages: left.map((node) => node.id) } });
      expect(removed.body.errors).toBeUndefined();
      const none = await member(`{ messages(filter: { resourceType: SHARE }) { nodes { resourceId } } }`);
      expect(
        (none.body.data!['messages'] as { nodes: { resourceId: string }[] }).nodes.filter((node) =>
          failed.includes(node.resourceId),
        ),
      ).toEqual([]);
    });

    it('refuses a dhss_true share without a share network at once, as Manila does', async () => {
      const answer = await member(
        'mutation { createShare(input: { shareProto: "NFS", size: 1, shareType: "dhss_true" }) { id } }',
      );
      expect(answer.body.errors?.[0]).toMatchObject({
        message: 'Share network must be set when the driver_handles_share_servers is true.',
        extensions: { code: 'BAD_USER_INPUT', field: 'input.shareNetwork' },
      });
    });
  });

  describe('servers', () => {
    const createServer = (input: string, token = topology.tokens.demo) =>
      topology.graphql<{ createServer: Record<string, unknown> }>(
        `mutation { createServer(input: { ${input} }) { id name status powerState } }`,
        {},
        token,
      );

    it('builds a server to ACTIVE on a host of a cell', async () => {
      const answer = await createServer(
        'name: "web-1", flavor: "m1.tiny", image: "cirros", metadata: { role: "web" }',
      );
      const created = answer.body.data!.createServer;
      expect(created).toMatchObject({ name: 'web-1', status: 'BUILD', powerState: 'NOSTATE' });
      await waitForServer(String(created['id']), 'ACTIVE');
      const server = await serverOf(String(created['id']));
      expect(server).toMatchObject({ status: 'ACTIVE', powerState: 'RUNNING', fault: null, messages: [] });
      expect(String(server!['host'])).toMatch(/^cell\d-compute\d$/);
      expect(String(server!['host']).split('-')[0]).toBe(server!['availabilityZone']);
    });

    it('places a server in the requested zone', async () => {
      const answer = await createServer(
        'name: "zoned", flavor: "m1.small", image: "cirros", availabilityZone: "cell3"',
      );
      const id = String(answer.body.data!.createServer['id']);
      await waitForServer(id, 'ACTIVE');
      expect(await serverOf(id)).toMatchObject({
        availabilityZone: 'cell3',
        host: expect.stringMatching(/^cell3-compute/),
      });
    });

    it('sends a server no host can take to cell0: ERROR, a fault and an "allocate host" message naming the filter', async () => {
      const answer = await createServer('name: "too-big", flavor: "m1.huge", image: "cirros"');
      const id = String(answer.body.data!.createServer['id']);
      expect(answer.body.data!.createServer['status']).toBe('BUILD');
      await waitForServer(id, 'ERROR');
      expect(await serverOf(id)).toMatchObject({
        status: 'ERROR',
        host: null,
        fault: {
          code: 500,
          message: 'No valid host was found. There are not enough hosts available.',
          details: expect.stringContaining('CapacityFilter'),
        },
        messages: [
          {
            eventId: 'SERVER_001_103',
            userMessage: "allocate host: No valid host was found, Capacity filter didn't succeed.",
            requestId: requestIdOf(answer as GraphqlAnswer),
          },
        ],
      });
      const mapping = await topology
        .app!.services.api.selectFrom('resource_mappings as m')
        .innerJoin('cell_mappings as c', 'c.id', 'm.cell_id')
        .select('c.name')
        .where('m.resource_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(mapping.name).toBe('cell0');
      const zone = await createServer('name: "nowhere", flavor: "m1.tiny", availabilityZone: "atlantis"');
      const zoneId = String(zone.body.data!.createServer['id']);
      await waitForServer(zoneId, 'ERROR');
      expect((await serverOf(zoneId))!['messages']).toEqual([
        expect.objectContaining({
          eventId: 'SERVER_001_102',
          userMessage: "allocate host: No valid host was found, AvailabilityZone filter didn't succeed.",
        }),
      ]);
    });

    it('records a fault and a message when the image fails to boot, with details for admins only', async () => {
      const answer = await createServer('name: "broken", flavor: "m1.tiny", image: "cirros-broken"');
      const id = String(answer.body.data!.createServer['id']);
      await waitForServer(id, 'ERROR');
      const admin = await serverOf(id);
      const member = await serverOf(id, topology.tokens.demo);
      expect(admin!['fault']).toEqual({
        code: 500,
        message: `Build of instance ${id} aborted: Failed to boot image cirros-broken on ${String(admin!['host'])}.`,
        details: expect.stringContaining('Traceback'),
      });
      expect(member!['fault']).toEqual({ ...(admin!['fault'] as object), details: null });
      expect(member!['messages']).toEqual([
        {
          eventId: 'SERVER_002_110',
          userMessage:
            'create: The server failed to boot on its host. Trying again with a different image may succeed.',
          requestId: requestIdOf(answer as GraphqlAnswer),
        },
      ]);
    });

    it.each([
      [
        'an unknown flavor',
        'name: "x", flavor: "m9.none"',
        'Flavor "m9.none" was not found.',
        'input.flavor',
      ],
      [
        'an unknown image',
        'name: "x", flavor: "m1.tiny", image: "nope"',
        'Image "nope" was not found.',
        'input.image',
      ],
      ['an empty name', 'name: "  ", flavor: "m1.tiny"', 'input.name must not be empty.', 'input.name'],
      [
        'bad metadata',
        'name: "x", flavor: "m1.tiny", metadata: { a: 1 }',
        expect.stringContaining('metadata'),
        'input.metadata',
      ],
    ])(
      'refuses %s with BAD_USER_INPUT naming the field, and writes nothing',
      async (_name, input, message, field) => {
        const before = await topology.graphql<{ servers: { nodes: unknown[] } }>(
          '{ servers(allProjects: true) { nodes { id } } }',
        );
        const answer = await createServer(input);
        expect(answer.body.errors?.[0]).toMatchObject({
          message,
          extensions: { code: 'BAD_USER_INPUT', field },
        });
        const after = await topology.graphql<{ servers: { nodes: unknown[] } }>(
          '{ servers(allProjects: true) { nodes { id } } }',
        );
        expect(after.body.data!.servers.nodes).toHaveLength(before.body.data!.servers.nodes.length);
      },
    );

    it("deletes a server asynchronously, and refuses another project's server with NOT_FOUND", async () => {
      const answer = await createServer('name: "short-lived", flavor: "m1.tiny", image: "cirros"');
      const id = String(answer.body.data!.createServer['id']);
      await waitForServer(id, 'ACTIVE');
      const foreign = await topology.graphql(
        'mutation($id: ID!) { deleteServer(id: $id) { id } }',
        { id },
        topology.tokens.alt,
      );
      expect(foreign.body.errors?.[0]).toMatchObject({
        message: `Server "${id}" was not found.`,
        extensions: { code: 'NOT_FOUND' },
      });
      const removed = await member('mutation($id: ID!) { deleteServer(id: $id) { id status } }', { id });
      expect(removed.body.data!['deleteServer']).toEqual({ id, status: 'ACTIVE' });
      await waitFor(async () => (await serverOf(id, topology.tokens.demo)) === null, 15_000, 'server gone');
      const deleted = await topology.graphql<{ servers: { nodes: { id: string; status: string }[] } }>(
        '{ servers(allProjects: true, filter: { deleted: true }) { nodes { id status } } }',
      );
      expect(deleted.body.data!.servers.nodes).toContainEqual({ id, status: 'DELETED' });
      const again = await member('mutation($id: ID!) { deleteServer(id: $id) { id } }', { id });
      expect(again.body.errors?.[0]?.extensions?.['code']).toBe('NOT_FOUND');
    });

    it('fails a create into a frozen cell with CELL_UNAVAILABLE and writes nothing anywhere', async () => {
      const cell2 = topology.cell('cell2');
      cell2.freeze();
      try {
        const answer = await createServer(
          'name: "into-the-ice", flavor: "m1.tiny", image: "cirros", availabilityZone: "cell2"',
        );
        // One deadline of the frozen cell (CELL_TIMEOUT_MS), never a second one.
        expect(answer.elapsedMs).toBeLessThan(2 * Number(WORKER_ENV.CELL_TIMEOUT_MS));
        expect(answer.body.errors?.[0]).toMatchObject({ extensions: { code: 'CELL_UNAVAILABLE' } });
        expect(answer.body.errors?.[0]?.extensions?.['cell']).toBeUndefined();
        const share = await member(
          'mutation { createShare(input: { shareProto: "NFS", size: 1, name: "ice-share", availabilityZone: "cell2" }) { id } }',
        );
        expect(share.body.errors?.[0]?.extensions?.['code']).toBe('CELL_UNAVAILABLE');
      } finally {
        cell2.thaw();
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const mappings = await topology
        .app!.services.api.selectFrom('resource_mappings')
        .select('resource_id')
        .execute();
      for (const cell of ['cell0', 'cell1', 'cell2', 'cell3']) {
        const db = topology.app!.services.connections.get(topology.app!.services.registry.byName(cell)!);
        expect(
          await db
            .selectFrom('instances')
            .select('uuid')
            .where('display_name', '=', 'into-the-ice')
            .execute(),
        ).toEqual([]);
        expect(
          await db.selectFrom('shares').select('uuid').where('name', '=', 'ice-share').execute(),
        ).toEqual([]);
        const rows = await db.selectFrom('instances').select('uuid').execute();
        expect(rows.every((row) => mappings.some((mapping) => mapping.resource_id === row.uuid))).toBe(true);
      }
    });
  });

  describe('ensure shares (seed 002)', () => {
    const ensure = (host: string, token = topology.tokens.admin) =>
      topology.graphql<{ ensureShares: Record<string, unknown> }>(
        'mutation($host: String!) { ensureShares(host: $host) { binary host status state ensuring cell } }',
        { host },
        token,
      );
    /** The shares a backend ensures: those of its zone that are AVAILABLE or ENSURING (not the failed ones). */
    const sharesOf = async (zone: string) =>
      (
        await topology.graphql<{
          shares: { nodes: { id: string; status: string; exportLocations: string[] }[] };
        }>(
          'query($zone: String) { shares(allProjects: true, filter: { availabilityZone: $zone }) { nodes { id status exportLocations } } }',
          { zone },
        )
      ).body.data!.shares.nodes.filter(
        (share) => share.status === 'AVAILABLE' || share.status === 'ENSURING',
      );
    const backendSet = (...args: string[]) =>
      spawnSync(
        process.execPath,
        [join(import.meta.dirname, '../../bin/cellgate.js'), 'backend', 'set', ...args],
        {
          env: { ...process.env, ...topology.env },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );

    it("recomputes export locations from the backend's new configuration, through ENSURING, without a restart", async () => {
      const set = backendSet('cell1-share@generic', '--export-host', 'new-nfs.cellgate.test');
      expect(set.status).toBe(0);
      expect(set.stdout).toContain('Backend cell1-share@generic (cell cell1) updated');
      const before = await sharesOf('cell1');
      expect(before.length).toBeGreaterThan(0);
      expect(before.every((share) => share.exportLocations[0]!.startsWith('cell1-nfs.cellgate.test:'))).toBe(
        true,
      );

      const answer = await ensure('cell1-share@generic');
      expect(answer.body.data!.ensureShares).toEqual({
        binary: 'share',
        host: 'cell1-share@generic',
        status: 'ENABLED',
        state: 'UP',
        ensuring: true,
        cell: 'cell1',
      });
      const again = await ensure('cell1-share@generic');
      expect(again.body.errors?.[0]).toMatchObject({ extensions: { code: 'CONFLICT' } });
      await waitFor(
        async () => (await sharesOf('cell1')).every((share) => share.status === 'ENSURING'),
        15_000,
        'ENSURING',
      );
      await waitFor(
        async () => (await sharesOf('cell1')).every((share) => share.status === 'AVAILABLE'),
        15_000,
        'AVAILABLE',
      );
      const after = await sharesOf('cell1');
      expect(after.map((share) => share.exportLocations)).toEqual(
        after.map((share) => [`new-nfs.cellgate.test:/shares/${share.id}`]),
      );
      const service = await topology.graphql<{ services: { nodes: { ensuring: boolean }[] } }>(
        '{ services(filter: { binary: "share", host: "cell1-share@generic" }) { nodes { ensuring } } }',
      );
      expect(service.body.data!.services.nodes).toEqual([{ ensuring: false }]);
      expect(
        (await sharesOf('cell2')).every((share) =>
          share.exportLocations[0]!.startsWith('cell2-nfs.cellgate.test:'),
        ),
      ).toBe(true);
      const requestId = answer.headers.get('x-request-id');
      const worker = workers.get('cell1')!;
      await worker.waitForEvent(
        (event) => event['event'] === 'ensure_shares.start' && event['requestId'] === requestId,
      );
      const end = await worker.waitForEvent(
        (event) => event['event'] === 'ensure_shares.end' && event['requestId'] === requestId,
      );
      expect(end).toMatchObject({ host: 'cell1-share@generic', shares: before.length, outcome: 'ensured' });
    });

    it('leaves a message on each share rather than shares stuck ENSURING when the driver fails', async () => {
      expect(backendSet('cell2-share@generic', '--simulate', 'ensure-failure').status).toBe(0);
      try {
        const before = await sharesOf('cell2');
        await ensure('cell2-share@generic');
        await waitFor(
          async () => {
            const service = await topology.graphql<{ services: { nodes: { ensuring: boolean }[] } }>(
              '{ services(filter: { host: "cell2-share@generic" }) { nodes { ensuring } } }',
            );
            return service.body.data!.services.nodes[0]?.ensuring === false;
          },
          15_000,
          'ensure done',
        );
        const after = await sharesOf('cell2');
        expect(after).toEqual(before);
        const messages = await topology.graphql<{
          messages: { nodes: { resourceId: string; eventId: string }[] };
        }>(
          '{ messages(allProjects: true, filter: { eventId: "SHARE_005_001" }) { nodes { resourceId eventId } } }',
        );
        expect(messages.body.data!.messages.nodes.map((node) => node.resourceId).sort()).toEqual(
          before.map((share) => share.id).sort(),
        );
      } finally {
        backendSet('cell2-share@generic', '--simulate', 'none');
      }
    });

    it.each([
      ['an unknown backend', 'nowhere@generic', 'NOT_FOUND'],
      ['a malformed host', 'cell1-share', 'BAD_USER_INPUT'],
    ])('answers %s with %s', async (_name, host, code) => {
      const answer = await ensure(host);
      expect(answer.body.errors?.[0]?.extensions?.['code']).toBe(code);
    });

    it('is for admins only', async () => {
      const answer = await ensure('cell1-share@generic', topology.tokens.demo);
      expect(answer.body.errors?.[0]).toMatchObject({
        message: 'Only administrators may ensure shares.',
        extensions: { code: 'FORBIDDEN' },
      });
    });

    it("answers CONFLICT when the backend's service is down (its worker stopped)", async () => {
      await workers.get('cell3')!.stop();
      try {
        await waitFor(
          async () => {
            const service = await topology.graphql<{ services: { nodes: { state: string }[] } }>(
              '{ services(filter: { host: "cell3-share@generic" }) { nodes { state } } }',
            );
            return service.body.data!.services.nodes[0]?.state === 'DOWN';
          },
          10_000,
          'service down',
        );
        const answer = await ensure('cell3-share@generic');
        expect(answer.body.errors?.[0]).toMatchObject({
          message: "The service must have its state set to 'up' prior to running ensure shares.",
          extensions: { code: 'CONFLICT' },
        });
      } finally {
        workers.set('cell3', await startWorkerProcess(topology.env, 'cell3'));
      }
    });
  });
});

import { SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { secretKey } from '../../src/auth/sign-token.js';
import { startTopology, type Topology } from '../support/topology.js';

const MUTATIONS: Readonly<Record<string, string>> = {
  createServer: 'mutation { createServer(input: { name: "r", flavor: "m1.tiny", image: "cirros" }) { id } }',
  deleteServer: 'mutation ($id: ID!) { deleteServer(id: $id) { id } }',
  createShare: 'mutation { createShare(input: { shareProto: "nfs", size: 1 }) { id } }',
  deleteShares: 'mutation ($id: ID!) { deleteShares(ids: [$id]) }',
  createShareNetwork:
    'mutation { createShareNetwork(input: { neutronNetId: "n", neutronSubnetId: "s" }) { id } }',
  deleteMessages: 'mutation ($id: ID!) { deleteMessages(ids: [$id]) }',
  ensureShares: 'mutation { ensureShares(host: "cell1-share@generic") { host } }',
};

const READS: Readonly<Record<string, string>> = {
  servers: '{ servers { nodes { id } } }',
  server: 'query ($id: ID!) { server(id: $id) { id } }',
  shares: '{ shares { nodes { id } } }',
  share: 'query ($id: ID!) { share(id: $id) { id } }',
  messages: '{ messages { nodes { id } } }',
  message: 'query ($id: ID!) { message(id: $id) { id } }',
  shareTypes: '{ shareTypes { name } }',
  shareNetworks: '{ shareNetworks { id } }',
  flavors: '{ flavors { name } }',
  services: '{ services { nodes { host } } }',
  cells: '{ cells { name } }',
};

/** Secure-RBAC roles through HTTP: reader, member, admin and tokens without a known role. */
describe('roles', () => {
  let topology: Topology;
  let serverId: string;
  let shareId: string;
  const counts = async () => {
    const answer = await topology.graphql<{
      servers: { nodes: unknown[] };
      shares: { nodes: unknown[] };
      shareNetworks: unknown[];
    }>(
      '{ servers(allProjects: true) { nodes { id } } shares(allProjects: true) { nodes { id } } shareNetworks { id } }',
    );
    return answer.body.data;
  };
  const sign = (payload: JWTPayload) =>
    new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('demo-user')
      .setExpirationTime('5m')
      .sign(secretKey(topology.config.auth.jwtSecret!));

  beforeAll(async () => {
    topology = await startTopology({ cells: ['cell1'], serversPerCell: 2 });
    const mine = await topology.graphql<{
      servers: { nodes: { id: string }[] };
      shares: { nodes: { id: string }[] };
    }>('{ servers { nodes { id } } shares { nodes { id } } }', {}, topology.tokens.demo);
    serverId = mine.body.data!.servers.nodes[0]!.id;
    shareId = mine.body.data!.shares.nodes[0]!.id;
  });

  afterAll(async () => {
    await topology?.stop();
  });

  const variables = () => ({ id: serverId });

  it('lets a reader list and show its project, and refuses it the admin-only lists', async () => {
    for (const [field, query] of Object.entries(READS)) {
      const answer = await topology.graphql(
        query,
        { id: field === 'share' ? shareId : serverId },
        topology.tokens.demoReader,
      );
      if (field === 'services' || field === 'cells') {
        expect(answer.body.errors?.[0]?.extensions, field).toEqual({ code: 'FORBIDDEN' });
      } else {
        expect(answer.body.errors, field).toBeUndefined();
      }
    }
    const shown = await topology.graphql(
      'query ($id: ID!) { server(id: $id) { id } }',
      variables(),
      topology.tokens.demoReader,
    );
    expect(shown.body.data).toEqual({ server: { id: serverId } });
  });

  it('refuses a reader every mutation with FORBIDDEN, and writes nothing', async () => {
    const before = await counts();
    for (const [field, mutation] of Object.entries(MUTATIONS)) {
      const answer = await topology.graphql(
        mutation,
        { id: field === 'deleteShares' ? shareId : serverId },
        topology.tokens.demoReader,
      );
      expect({
        field,
        errors: answer.body.errors?.map((error) => [error.message, error.extensions]),
      }).toEqual({
        field,
        errors: [
          [
            field === 'ensureShares'
              ? 'Only administrators may ensure shares.'
              : `The reader role may only read: the mutation "${field}" needs the member or admin role.`,
            { code: 'FORBIDDEN' },
          ],
        ],
      });
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses a token without a known role every query and mutation', async () => {
    const tokens = [
      await sign({ project_id: 'demo' }),
      await sign({ project_id: 'demo', roles: [] }),
      await sign({ project_id: 'demo', roles: ['foo'] }),
    ];
    const before = await counts();
    for (const token of tokens) {
      for (const [field, query] of Object.entries({ ...READS, ...MUTATIONS })) {
        const answer = await topology.graphql(query, { id: serverId }, token);
        expect({
          field,
          status: answer.status,
          errors: answer.body.errors?.map((error) => error.extensions),
        }).toEqual({
          field,
          status: 200,
          errors: [{ code: 'FORBIDDEN' }],
        });
      }
    }
    expect(await counts()).toEqual(before);
  });

  it('lets a member write its project but not run admin-only mutations', async () => {
    const created = await topology.graphql<{ createShareNetwork: { id: string } }>(
      MUTATIONS['createShareNetwork']!,
      {},
      topology.tokens.demo,
    );
    expect(created.body.errors).toBeUndefined();
    const ensure = await topology.graphql(MUTATIONS['ensureShares']!, {}, topology.tokens.demo);
    expect(ensure.body.errors?.[0]).toMatchObject({
      message: 'Only administrators may ensure shares.',
      extensions: { code: 'FORBIDDEN' },
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTopology, waitFor, type Topology } from '../support/topology.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

/**
 * Killing a worker (SIGKILL) with a claimed task, and killing a cell's database server in the middle of a task:
 * the task is taken up again when its lease runs out and its effects happen exactly once; no committed write is
 * lost. One cell (plus cell0) keeps the test small.
 */

const ENV = {
  TASK_LEASE_S: '2',
  HEARTBEAT_INTERVAL_S: '1',
  SERVICE_DOWN_TIME_S: '30',
  WORKER_POLL_INTERVAL_MS: '100',
  CELL_TIMEOUT_MS: '1000',
  CELL_BREAKER_OPEN_MS: '300',
  MAPPING_REPAIR_GRACE_S: '4', // longer than REQUEST_TIMEOUT_MS (3000 from CELL_TIMEOUT_MS)
};

describe('crash recovery', () => {
  let topology: Topology;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    topology = await startTopology({ cells: ['cell1'], serversPerCell: 5, env: ENV });
  });

  afterAll(async () => {
    await worker?.stop();
    await topology?.stop();
  });

  const cellDb = () =>
    topology.app!.services.connections.get(topology.app!.services.registry.byName('cell1')!);
  const createServer = async (name: string) => {
    const answer = await topology.graphql<{ createServer: { id: string; status: string } }>(
      `mutation { createServer(input: { name: "${name}", flavor: "m1.tiny", image: "cirros-broken" }) { id status } }`,
      {},
      topology.tokens.demo,
    );
    return answer.body.data!.createServer;
  };
  const taskOf = (id: string) =>
    cellDb().selectFrom('tasks').selectAll().where('resource_id', '=', id).executeTakeFirstOrThrow();

  it('takes up the task of a killed worker again and applies it exactly once', async () => {
    // A slow driver step keeps the task claimed while we kill the worker that holds it.
    worker = await startWorkerProcess({ ...topology.env, SIMULATED_DRIVER_DELAY_MS: '5000' }, 'cell1');
    const server = await createServer('survivor');
    expect(server.status).toBe('BUILD');
    await waitFor(async () => (await taskOf(server.id)).status === 'running', 10_000, 'the task claimed');
    await worker.kill();
    expect(await taskOf(server.id)).toMatchObject({ status: 'running', attempts: 1 });

    worker = await startWorkerProcess({ ...topology.env, SIMULATED_DRIVER_DELAY_MS: '100' }, 'cell1');
    await waitFor(async () => (await taskOf(server.id)).status === 'done', 15_000, 'the task done');
    expect(await taskOf(server.id)).toMatchObject({ status: 'done', attempts: 2 });
    const faults = await cellDb()
      .selectFrom('instance_faults')
      .selectAll()
      .where('instance_uuid', '=', server.id)
      .execute();
    const messages = await cellDb()
      .selectFrom('messages')
      .selectAll()
      .where('resource_id', '=', server.id)
      .execute();
    expect(faults).toHaveLength(1);
    expect(messages).toHaveLength(1);
    expect(
      await cellDb()
        .selectFrom('instances')
        .select('vm_state')
        .where('display_name', '=', 'survivor')
        .execute(),
    ).toEqual([{ vm_state: 'error' }]);
  });

  it('loses no committed write and finishes the task when the cell database is killed mid-task', async () => {
    await worker?.stop();
    worker = await startWorkerProcess({ ...topology.env, SIMULATED_DRIVER_DELAY_MS: '1500' }, 'cell1');
    const servers = async () =>
      (
        await topology.graphql<{ servers: { nodes: { id: string; status: string }[] } }>(
          '{ servers(allProjects: true) { nodes { id status } } }',
        )
      ).body.data!.servers.nodes;
    const committed = await servers();
    const server = await createServer('through-the-crash');
    await waitFor(async () => (await taskOf(server.id)).status === 'running', 10_000, 'the task claimed');

    const cell = topology.cell('cell1');
    await cell.kill();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await cell.restart();

    await waitFor(
      async () => (await taskOf(server.id)).status === 'done',
      30_000,
      'the task done after the restart',
    );
    const after = await waitFor(
      async () => {
        const list = await servers();
        return list.every((node) => node.status !== 'UNKNOWN') ? list : undefined;
      },
      15_000,
      'the cell answering again',
    );
    expect(after.map((node) => node.id).sort()).toEqual(
      [...committed.map((node) => node.id), server.id].sort(),
    );
    expect(after.find((node) => node.id === server.id)?.status).toBe('ERROR');
    const faults = await cellDb()
      .selectFrom('instance_faults')
      .selectAll()
      .where('instance_uuid', '=', server.id)
      .execute();
    expect(faults).toHaveLength(1);
  });

  it('settles half-done creates by their mapping: deletes a row no mapping acknowledges, marks mapped one that has it', async () => {
    // What `placeResource` leaves when the gateway dies after step 1 (or a refused create's COMMIT arrives when a
    // frozen cell thaws): a cell row with no mapping, and its task. And, after step 2, a row whose mapping exists
    // but whose `is_mapped` never reached the cell.
    const orphan = '0a0a0a0a-1111-4222-8333-444455556666';
    const unmarked = '0b0b0b0b-1111-4222-8333-444455556666';
    const created = new Date(Date.now() - 5_000);
    const row = (uuid: string, name: string) => ({
      uuid,
      display_name: name,
      project_id: 'demo',
      user_id: 'demo-user',
      vm_state: 'active',
      task_state: null,
      power_state: 1,
      host: 'cell1-compute1',
      availability_zone: 'cell1',
      flavor_name: 'm1.tiny',
      flavor: JSON.stringify({
        id: 'f',
        name: 'm1.tiny',
        vcpus: 1,
        ram: 512,
        disk: 1,
        ephemeral: 0,
        swap: 0,
        extraSpecs: {},
      }),
      image_ref: null,
      image_name: null,
      metadata: '{}',
      server_groups: '[]',
      is_mapped: false,
      created_at: created,
      deleted: 0,
    });
    await cellDb()
      .insertInto('instances')
      .values([row(orphan, 'orphan'), row(unmarked, 'unmarked')])
      .execute();
    const cell1 = topology.app!.services.registry.byName('cell1')!;
    await topology
      .app!.services.api.insertInto('resource_mappings')
      .values({
        resource_type: 'server',
        resource_id: unmarked,
        cell_id: cell1.id,
        project_id: 'demo',
        user_id: 'demo-user',
        queued_for_delete: false,
        created_at: created,
      })
      .execute();
    const show = (id: string) =>
      topology.graphql<{ server: { id: string; name: string } | null }>(
        'query($id: ID!) { server(id: $id) { id name } }',
        { id },
        topology.tokens.demo,
      );
    // Before the repair pass, server(id) finds the orphan in its cell all the same (CONTRACT section 5: a mapping
    // that does not exist yet is looked up in every reachable cell).
    expect((await show(orphan)).body.data!.server).toEqual({ id: orphan, name: 'orphan' });
    const rowOf = (id: string) =>
      cellDb().selectFrom('instances').select('is_mapped').where('uuid', '=', id).executeTakeFirst();
    await waitFor(async () => (await rowOf(orphan)) === undefined, 25_000, 'the orphan deleted');
    expect(await rowOf(orphan)).toBeUndefined();
    expect((await show(orphan)).body.data!.server).toBeNull();
    const mappingOf = (id: string) =>
      topology
        .app!.services.api.selectFrom('resource_mappings')
        .select('cell_id')
        .where('resource_id', '=', id)
        .executeTakeFirst();
    expect(await mappingOf(orphan)).toBeUndefined();
    await waitFor(async () => (await rowOf(unmarked))?.is_mapped === 1, 25_000, 'is_mapped set');
    expect(await rowOf(unmarked)).toEqual({ is_mapped: 1 });
    expect(await mappingOf(unmarked)).toEqual({ cell_id: cell1.id });
    expect((await show(unmarked)).body.data!.server).toEqual({ id: unmarked, name: 'unmarked' });
  });
});

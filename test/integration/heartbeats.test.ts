import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTopology, waitFor, type Topology } from '../support/topology.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

interface Services {
  services: { nodes: { binary: string; host: string; state: string | null; cell: string | null }[] };
}
const SERVICES = '{ services { nodes { binary host state cell } } }';

/**
 * CONTRACT section 1, `HEARTBEAT_INTERVAL_S`: with SERVICE_DOWN_TIME_S=2 and the default 10 s interval, a running
 * worker beats every 0.8 s (with a warning naming both settings), its services are UP as soon as it has started,
 * and they never read DOWN while it runs.
 */
describe('heartbeats that cannot flap', () => {
  let topology: Topology;
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    topology = await startTopology({ serversPerCell: 1, env: { SERVICE_DOWN_TIME_S: '2' } });
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await topology?.stop();
  });

  const cell1Services = async () => {
    const answer = await topology.graphql<Services>(SERVICES);
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data!.services.nodes.filter((node) => node.cell === 'cell1');
  };

  it('is UP right after the worker starts, and never DOWN over several seconds', async () => {
    // No worker yet: the seed's heartbeat ages past SERVICE_DOWN_TIME_S, so the rule below can fail.
    await waitFor(
      async () => (await cell1Services()).some((node) => node.binary === 'compute' && node.state === 'DOWN'),
      15_000,
      'the seeded services to read DOWN',
    );
    worker = await startWorkerProcess(topology.env, 'cell1');
    const warning = worker.events.find((event) => event['event'] === 'worker.heartbeat_interval_corrected');
    expect(warning).toMatchObject({
      level: 40,
      heartbeatIntervalS: 10,
      serviceDownTimeS: 2,
      intervalMs: 800,
      msg: expect.stringMatching(/HEARTBEAT_INTERVAL_S \(10\).*SERVICE_DOWN_TIME_S \(2\)/),
    });
    const first = await cell1Services();
    expect(first.map((node) => node.binary).sort()).toEqual(
      expect.arrayContaining(['compute', 'share', 'worker']),
    );
    expect(first.filter((node) => node.state !== 'UP')).toEqual([]);
    // Three down times of polling: any flap would show.
    const started = Date.now();
    let polls = 0;
    while (Date.now() - started < 6_000) {
      const services = await cell1Services();
      expect(services.filter((node) => node.state !== 'UP')).toEqual([]);
      polls += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.log(`heartbeats: ${polls} polls of services over 6 s, every cell1 service UP each time`);
  }, 60_000);
});

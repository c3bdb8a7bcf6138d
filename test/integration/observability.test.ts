import { Writable } from 'node:stream';

import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/load-config.js';
import { postGraphql, startTopology, waitFor, type Topology } from '../support/topology.js';

/** Logs, health and readiness of a gateway whose logger writes into an array. */
describe('observability', () => {
  let topology: Topology;
  let app: App;
  let baseUrl: string;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    topology = await startTopology({ cells: ['cell1'], serversPerCell: 2, withGateway: false });
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean))
          lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    app = await createApp(loadConfig({ ...topology.env, CELL_TIMEOUT_MS: '500' }), {
      logger: pino({ level: 'info' }, sink),
    });
    baseUrl = await app.listen();
  });

  afterAll(async () => {
    await app?.close();
    await topology?.stop();
  });

  it('logs one structured line per request, carrying its request id', async () => {
    const answer = await postGraphql(baseUrl, '{ flavors { name } }', {}, topology.tokens.demo);
    const requestId = answer.headers.get('x-request-id');
    const line = await waitFor(() =>
      lines.find((entry) => entry['requestId'] === requestId && entry['event'] === 'http.request'),
    );
    expect(line).toMatchObject({ method: 'POST', url: '/graphql', statusCode: 200, msg: 'request answered' });
    const denied = await postGraphql(baseUrl, '{ flavors { name } }', {}, null);
    const deniedId = denied.headers.get('x-request-id');
    expect(await waitFor(() => lines.find((entry) => entry['requestId'] === deniedId))).toMatchObject({
      statusCode: 401,
    });
  });

  it('is healthy while running, and degraded but in service (200) while the API database does not answer', async () => {
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);
    topology.apiServer.freeze();
    try {
      const started = performance.now();
      const ready = await fetch(`${baseUrl}/readyz`);
      // One deadline (CELL_TIMEOUT_MS, 500 ms) for the frozen API database, never a second one.
      expect(performance.now() - started).toBeLessThan(2 * app.services.config.cells.timeoutMs);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'degraded', apiDatabase: 'DOWN' });
      expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    } finally {
      topology.apiServer.thaw();
    }
    await waitFor(
      async () =>
        ((await (await fetch(`${baseUrl}/readyz`)).json()) as { status: string }).status === 'ready',
      10_000,
      'ready again',
    );
  });
});

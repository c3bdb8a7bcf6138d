import { spawn, type ChildProcess } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CELLGATE } from '../support/cellgate-cli.js';
import { freePort, startMariaDb, type MariaDbServer } from '../support/mariadb-server.js';
import { postGraphql, waitFor } from '../support/topology.js';

/** `npm start` (`cellgate start`): the whole system in one process, and the addresses it prints. */
describe('cellgate start', () => {
  let server: MariaDbServer;
  let child: ChildProcess | undefined;
  let stdout = '';

  beforeAll(async () => {
    server = await startMariaDb();
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await server?.stop();
  });

  it('prints the GraphiQL and Event Viewer addresses with tokens that open the Event Viewer', async () => {
    const port = await freePort();
    child = spawn(process.execPath, [CELLGATE, 'start'], {
      env: {
        ...process.env,
        DATABASE_URL: server.url,
        API_DATABASE_URL: server.urlOf('cellgate_api'),
        PORT: String(port),
        LOG_LEVEL: 'silent',
        AUTH_JWT_SECRET: 'start-test-secret-0123456789',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    await waitFor(
      () => stdout.includes('Stop with Ctrl-C.'),
      120_000,
      'cellgate start to print its addresses',
    );

    // `HOST` defaults to 127.0.0.1 for `npm start` (the demo's admin token must not reach the network).
    const base = `http://127.0.0.1:${port}`;
    expect(stdout).toContain(
      `cellgate is running: GraphiQL at ${base}/graphiql, the Event Viewer at ${base}/events\n`,
    );
    const tokens = [...stdout.matchAll(new RegExp(`^    ${base}/events#token=(\\S+)$`, 'gm'))].map(
      (match) => match[1]!,
    );
    expect(tokens).toHaveLength(2);

    const page = await fetch(`${base}/events`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<title>cellgate Event Viewer</title>');
    // The admin's token lists the cells, the member's is refused them: the page tells the roles apart so.
    const [admin, member] = await Promise.all(
      tokens.map((token) => postGraphql<{ cells: unknown[] }>(base, '{ cells { name } }', {}, token)),
    );
    expect(admin!.body.data?.cells).toHaveLength(4);
    expect(member!.body.errors?.map((error) => error.extensions?.['code'])).toEqual(['FORBIDDEN']);
  });
});

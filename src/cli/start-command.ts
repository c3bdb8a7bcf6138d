import type { Config } from '../config/config.js';
import { CELL0_NAME } from '../registry/cell-mapping.js';
import { createCell, listCells } from './cell-commands.js';
import { demoSeedCommand } from './demo-seed-command.js';
import { migrateAll } from './migrate-all.js';
import { serveCommand } from './serve-command.js';
import { signTokens } from './token-command.js';

/** The cells `npm start` runs: cell0 and three demo cells, each a database on `DATABASE_URL`'s server. */
export const DEMO_CELLS = [CELL0_NAME, 'cell1', 'cell2', 'cell3'] as const;

/**
 * The whole system in one process (`npm start`): creates and migrates the API database and the demo cells'
 * databases on the local server if absent, seeds the demo topology, runs the workers in-process, serves the
 * gateway, and prints the GraphiQL URL with an admin and a member token.
 *
 * It listens on `HOST` (default `127.0.0.1`: the demo's admin token must not be usable from the network). The
 * tokens are signed with the secret the gateway accepts (`AUTH_JWT_SECRET`, or the one generated on first start
 * and kept in the API database); with only `AUTH_JWKS_URL` set, tokens come from the identity provider and none
 * is printed.
 */
export async function startCommand(config: Config, log: (line: string) => void): Promise<void> {
  await migrateAll(config, () => undefined);
  const registered = new Set((await listCells(config)).map((cell) => cell.name));
  for (const name of DEMO_CELLS) {
    if (registered.has(name)) continue;
    await createCell(config, { name, databaseUrl: `${config.databaseUrl}/cellgate_${name}` });
    log(`Registered cell ${name}.`);
  }
  const seeded = await demoSeedCommand(config, 5);
  log(`Demo data: ${seeded.serversAdded} servers and ${seeded.sharesAdded} shares added.`);
  const app = await serveCommand(config, { withWorkers: true });
  const host = ['0.0.0.0', '::'].includes(config.host) ? 'localhost' : config.host;
  const base = `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
  log('');
  log(`cellgate is running: GraphiQL at ${base}/graphiql`);
  log('');
  if (config.auth.jwtSecret === undefined && config.auth.jwksUrl !== undefined) {
    log(`  Tokens come from the identity provider (AUTH_JWKS_URL). Stop with Ctrl-C.`);
    void app;
    return;
  }
  const [adminToken, memberToken] = await signTokens(config, [
    { userId: 'admin', projectId: 'admin', role: 'admin' },
    { userId: 'demo-user', projectId: 'demo', role: 'member' },
  ]);
  log(`  admin  (project admin, all projects with allProjects: true):`);
  log(`    ${base}/graphiql#token=${adminToken}`);
  log(`  member (user demo-user, project demo):`);
  log(`    ${base}/graphiql#token=${memberToken}`);
  log('');
  log(`  Or send "Authorization: Bearer <token>" to POST ${base}/graphql. Stop with Ctrl-C.`);
  void app;
}

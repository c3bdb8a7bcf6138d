import { Command, InvalidArgumentError } from 'commander';

import type { DatabaseNeeds } from './cli/require-databases.js';
import type { Config } from './config/config.js';

/**
 * The `cellgate` command line: process entry of every cellgate process (gateway, workers, operators' commands).
 *
 * Configuration comes from the environment and is validated before any command runs; an invalid variable stops
 * the process with a message that names it (exit code 2). Then the databases the command needs are checked (and,
 * for `start` and `serve`, the port): one that cannot be reached stops it with a message naming the variable, the
 * cell or the option that points at it. A failing command prints its error and exits 1.
 *
 * Only commander is imported up front: each subcommand imports its module when it runs (`import()`), so that
 * `cellgate --help` loads no Apollo Server, Kysely or mysql2 and answers about as fast as a bare `node`.
 */
const program = new Command('cellgate')
  .description('A GraphQL gateway for a cloud control plane sharded into cells.')
  .showHelpAfterError();

let config: Config | undefined;
/** The configuration, read and validated on first use; `needs`: the databases the command cannot do without. */
const configFor = async (needs?: DatabaseNeeds): Promise<Config> => {
  const { loadConfig } = await import('./config/load-config.js');
  config ??= loadConfig();
  if (needs) {
    const { requireDatabases } = await import('./cli/require-databases.js');
    await requireDatabases(config, needs);
  }
  return config;
};
const requireFreePort = async (checked: Config) =>
  (await import('./cli/require-free-port.js')).requireFreePort(checked);
const print = (line: string) => process.stdout.write(`${line}\n`);

const positiveInteger = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be a positive integer.');
  return parsed;
};

program
  .command('start')
  .description('run the whole demo system in one process on DATABASE_URL (what `npm start` runs)')
  .action(async () => {
    const checked = await configFor();
    await requireFreePort(checked);
    await configFor({ api: 'server', shouldReachDatabaseServer: true, cells: 'server' });
    const { startCommand } = await import('./cli/start-command.js');
    await startCommand(checked, print);
  });

program
  .command('serve')
  .description('run the gateway only')
  .action(async () => {
    const checked = await configFor();
    await requireFreePort(checked);
    await configFor({ api: 'database' });
    const { serveCommand } = await import('./cli/serve-command.js');
    await serveCommand(checked);
  });

const db = program.command('db').description('databases');
db.command('migrate')
  .description('migrate the API database and every registered cell database')
  .action(async () => {
    const checked = await configFor({ api: 'server', cells: 'server' });
    const { migrateAll } = await import('./cli/migrate-all.js');
    await migrateAll(checked, print);
  });

const cell = program.command('cell').description('cells');
cell
  .command('create')
  .description('register a cell (creates and migrates its database)')
  .argument('<name>', 'cell name; cell0 is reserved for the cell of unschedulable requests')
  .requiredOption('--database-url <url>', 'mysql://user:password@host:port/database of the cell')
  .option('--availability-zone <az>', 'availability zone of the cell (default: the cell name)')
  .action(async (name: string, options: { databaseUrl: string; availabilityZone?: string }) => {
    const checked = await configFor({ api: 'database' });
    const { createCell } = await import('./cli/cell-commands.js');
    const created = await createCell(checked, { name, ...options });
    print(`Cell ${created.name} registered (uuid ${created.uuid}).`);
  });
cell
  .command('list')
  .description('list registered cells, one a line')
  .action(async () => {
    const checked = await configFor({ api: 'database' });
    const { listCells } = await import('./cli/cell-commands.js');
    for (const registered of await listCells(checked)) print(registered.name);
  });

program
  .command('demo')
  .description('demo data')
  .command('seed')
  .description('seed the demo topology and sample data into every registered cell (idempotent)')
  .option('--servers-per-cell <n>', 'servers per project per cell', positiveInteger, 5)
  .action(async (options: { serversPerCell: number }) => {
    const checked = await configFor({ api: 'database', cells: 'database' });
    const { demoSeedCommand } = await import('./cli/demo-seed-command.js');
    const summary = await demoSeedCommand(checked, options.serversPerCell);
    print(`Demo seeded: ${summary.serversAdded} servers and ${summary.sharesAdded} shares added.`);
  });

program
  .command('worker')
  .description('run the workers of one cell, or of all cells')
  .option('--cell <name>', 'only this cell')
  .action(async (options: { cell?: string }) => {
    // A cell that is down does not stop the workers: they wait for it, like the gateway does.
    const checked = await configFor({ api: 'database' });
    const { workerCommand } = await import('./cli/worker-command.js');
    await workerCommand(checked, options.cell);
  });

program
  .command('messages')
  .description('user messages')
  .command('reap')
  .description('delete expired messages once, in batches of MESSAGE_REAP_BATCH_SIZE')
  .action(async () => {
    const checked = await configFor({ api: 'database', cells: 'database' });
    const { messagesReapCommand } = await import('./cli/messages-reap-command.js');
    for (const result of await messagesReapCommand(checked)) {
      print(`${result.cell}: ${result.deleted} expired messages deleted in ${result.statements} statements.`);
    }
  });

program
  .command('backend')
  .description('share backends')
  .command('set')
  .description(
    "change a share backend's configuration; running shares keep their export locations until ensureShares",
  )
  .argument('<host>', 'the backend, host@backend')
  .option('--export-host <host>', 'the host its shares are exported from')
  .option('--simulate <behaviour>', 'make its simulated driver misbehave: ensure-failure, or none')
  .action(async (host: string, options: { exportHost?: string; simulate?: string }) => {
    const checked = await configFor({ api: 'database', cells: 'database' });
    const { backendSetCommand } = await import('./cli/backend-set-command.js');
    const cellName = await backendSetCommand(checked, host, options);
    print(`Backend ${host} (cell ${cellName}) updated; run ensureShares to apply it to its shares.`);
  });

program
  .command('token')
  .description('print a signed bearer token (a member token unless --admin or --reader)')
  .requiredOption('--user <user>', 'user id (sub claim)')
  .requiredOption('--project <project>', 'project id (project_id claim)')
  .option('--admin', 'an admin token (roles admin, member, reader)', false)
  .option('--reader', 'a reader token: it may only read its project', false)
  .option('--expires-in <span>', 'lifetime, e.g. 12h or 30d', '30d')
  .action(
    async (options: {
      user: string;
      project: string;
      admin: boolean;
      reader: boolean;
      expiresIn: string;
    }) => {
      // Without AUTH_JWT_SECRET the secret is the one kept in the API database.
      const checked = await configFor();
      if (checked.auth.jwtSecret === undefined) await configFor({ api: 'database' });
      const { tokenCommand } = await import('./cli/token-command.js');
      print(await tokenCommand(checked, options));
    },
  );

// A gateway or worker must not die of a promise nobody awaited: log it (JSON, like every log line) and go on.
process.on('unhandledRejection', (reason) => {
  const err =
    reason instanceof Error
      ? { type: reason.name, message: reason.message, stack: reason.stack }
      : String(reason);
  process.stderr.write(
    `${JSON.stringify({ level: 50, time: Date.now(), event: 'process.unhandled_rejection', err })}\n`,
  );
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const { ConfigError } = await import('./config/load-config.js');
  const { PortUnavailableError } = await import('./cli/require-free-port.js');
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  // The port was free when checked and taken before the gateway listened.
  const shown =
    config && (error as { code?: unknown }).code === 'EADDRINUSE'
      ? new PortUnavailableError(config, error)
      : error;
  const message = shown instanceof Error ? shown.message : String(shown);
  for (const line of message.split('\n')) process.stderr.write(`cellgate: ${line}\n`);
  process.exit(1);
}

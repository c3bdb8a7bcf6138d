import { Command, InvalidArgumentError } from 'commander';

import { createCell, listCells } from './cli/cell-commands.js';
import { demoSeedCommand } from './cli/demo-seed-command.js';
import { migrateAll } from './cli/migrate-all.js';
import { serveCommand } from './cli/serve-command.js';
import { startCommand } from './cli/start-command.js';
import { tokenCommand } from './cli/token-command.js';
import { workerCommand } from './cli/worker-command.js';
import { messagesReapCommand } from './cli/messages-reap-command.js';
import { backendSetCommand } from './cli/backend-set-command.js';
import type { Config } from './config/config.js';
import { ConfigError, loadConfig } from './config/load-config.js';

/**
 * The `cellgate` command line: process entry of every cellgate process (gateway, workers, operators' commands).
 *
 * Configuration comes from the environment and is validated before any command runs; an invalid variable stops
 * the process with a message that names it (exit code 2). A failing command prints its error and exits 1.
 */
const program = new Command('cellgate')
  .description('A GraphQL gateway for a cloud control plane sharded into cells.')
  .showHelpAfterError();

let config: Config | undefined;
const getConfig = (): Config => {
  config ??= loadConfig();
  return config;
};
const print = (line: string) => process.stdout.write(`${line}\n`);

const positiveInteger = (value: string) => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('must be a positive integer.');
  return parsed;
};

program
  .command('start')
  .description('run the whole demo system in one process on DATABASE_URL (what `npm start` runs)')
  .action(async () => startCommand(getConfig(), print));

program
  .command('serve')
  .description('run the gateway only')
  .action(async () => {
    await serveCommand(getConfig());
  });

const db = program.command('db').description('databases');
db.command('migrate')
  .description('migrate the API database and every registered cell database')
  .action(async () => {
    await migrateAll(getConfig(), print);
  });

const cell = program.command('cell').description('cells');
cell
  .command('create')
  .description('register a cell (creates and migrates its database)')
  .argument('<name>', 'cell name; cell0 is reserved for the cell of unschedulable requests')
  .requiredOption('--database-url <url>', 'mysql://user:password@host:port/database of the cell')
  .option('--availability-zone <az>', 'availability zone of the cell (default: the cell name)')
  .action(async (name: string, options: { databaseUrl: string; availabilityZone?: string }) => {
    const created = await createCell(getConfig(), { name, ...options });
    print(`Cell ${created.name} registered (uuid ${created.uuid}).`);
  });
cell
  .command('list')
  .description('list registered cells, one a line')
  .action(async () => {
    for (const registered of await listCells(getConfig())) print(registered.name);
  });

program
  .command('demo')
  .description('demo data')
  .command('seed')
  .description('seed the demo topology and sample data into every registered cell (idempotent)')
  .option('--servers-per-cell <n>', 'servers per project per cell', positiveInteger, 5)
  .action(async (options: { serversPerCell: number }) => {
    const summary = await demoSeedCommand(getConfig(), options.serversPerCell);
    print(`Demo seeded: ${summary.serversAdded} servers and ${summary.sharesAdded} shares added.`);
  });

program
  .command('worker')
  .description('run the workers of one cell, or of all cells')
  .option('--cell <name>', 'only this cell')
  .action(async (options: { cell?: string }) => workerCommand(getConfig(), options.cell));

program
  .command('messages')
  .description('user messages')
  .command('reap')
  .description('delete expired messages once, in batches of MESSAGE_REAP_BATCH_SIZE')
  .action(async () => {
    for (const result of await messagesReapCommand(getConfig())) {
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
    const cellName = await backendSetCommand(getConfig(), host, options);
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
      print(await tokenCommand(getConfig(), options));
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
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`cellgate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

import type { Logger } from 'pino';
import type { Kysely } from 'kysely';

import { createLogger, openApiDatabase } from '../app.js';
import type { Config } from '../config/config.js';
import type { ApiDatabase } from '../registry/api-database.js';
import { CellRegistry } from '../registry/cell-registry.js';
import { WorkerSupervisor } from '../workers/worker-supervisor.js';
import { stopOnSignal } from './serve-command.js';

/** Workers running in this process, with the registry that feeds them new cells. */
export interface RunningWorkers {
  readonly supervisor: WorkerSupervisor;
  readonly registry: CellRegistry;
  stop(): Promise<void>;
}

/**
 * Starts the workers of every registered cell, or of `onlyCell`, and keeps adding workers for cells registered
 * later (the registry refreshes every 10 s). Rejects when `onlyCell` is not registered.
 */
export async function startWorkers(options: {
  readonly config: Config;
  readonly api: Kysely<ApiDatabase>;
  readonly logger: Logger;
  readonly onlyCell?: string | undefined;
}): Promise<RunningWorkers> {
  const registry = new CellRegistry(options.api);
  const cells = await registry.refresh();
  if (options.onlyCell !== undefined && !cells.some((cell) => cell.name === options.onlyCell)) {
    throw new Error(`Cell "${options.onlyCell}" is not registered (see \`cellgate cell list\`).`);
  }
  const supervisor = new WorkerSupervisor({ ...options });
  supervisor.sync(cells);
  registry.start((changed) => supervisor.sync(changed));
  return {
    supervisor,
    registry,
    stop: async () => {
      registry.stop();
      await supervisor.stop();
    },
  };
}

/** Runs the workers of one cell or of all cells until SIGTERM or SIGINT (`cellgate worker [--cell NAME]`). */
export async function workerCommand(config: Config, onlyCell: string | undefined): Promise<void> {
  const logger = createLogger(config);
  const api = openApiDatabase(config);
  const workers = await startWorkers({ config, api: api.db, logger, onlyCell });
  logger.info(
    { event: 'workers.started', cell: onlyCell ?? 'all' },
    `cellgate workers running for ${onlyCell ?? 'all cells'}`,
  );
  stopOnSignal(async () => {
    await workers.stop();
    await api.db.destroy();
  });
}

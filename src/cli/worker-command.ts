import { createLogger, openApiDatabase, startWorkers } from '../app.js';
import type { Config } from '../config/config.js';
import { stopOnSignal } from './serve-command.js';

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

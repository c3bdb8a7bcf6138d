import { hostname } from 'node:os';

import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

import type { CellDatabase } from '../cell-db/cell-database.js';
import type { Config } from '../config/config.js';
import { openDatabase, type OpenDatabase } from '../database/open-database.js';
import type { ApiDatabase } from '../registry/api-database.js';
import type { CellMapping } from '../registry/cell-mapping.js';
import { CellWorker } from './cell-worker.js';
import { heartbeatInterval } from './heartbeat-interval.js';

/** Options of `WorkerSupervisor`. */
export interface WorkerSupervisorOptions {
  readonly config: Config;
  readonly api: Kysely<ApiDatabase>;
  readonly logger: Logger;
  /** Only this cell's workers (`cellgate worker --cell NAME`); every cell when absent. */
  readonly onlyCell?: string | undefined;
}

/**
 * One `CellWorker` per registered cell (or the one named), each with its own bounded pool to its cell database.
 * `sync(cells)` starts workers for cells that appeared (the registry refreshes), so a new cell is served without a
 * restart; `stop()` stops every worker and closes the pools.
 */
export class WorkerSupervisor {
  readonly #options: WorkerSupervisorOptions;
  readonly #workers = new Map<
    string,
    { readonly worker: CellWorker; readonly database: OpenDatabase<CellDatabase> }
  >();

  /** Warns once, naming both settings, when the workers will beat more often than `HEARTBEAT_INTERVAL_S`. */
  constructor(options: WorkerSupervisorOptions) {
    this.#options = options;
    const { heartbeatIntervalS, serviceDownTimeS } = options.config.workers;
    const interval = heartbeatInterval(heartbeatIntervalS, serviceDownTimeS);
    if (interval.isCorrected) {
      options.logger.warn(
        {
          event: 'worker.heartbeat_interval_corrected',
          heartbeatIntervalS,
          serviceDownTimeS,
          intervalMs: interval.intervalMs,
        },
        `HEARTBEAT_INTERVAL_S (${heartbeatIntervalS}) is not well below SERVICE_DOWN_TIME_S (${serviceDownTimeS}): ` +
          `the workers beat every ${interval.intervalMs / 1000} s (SERVICE_DOWN_TIME_S / 2.5) so that no running ` +
          `service reads DOWN.`,
      );
    }
  }

  /** Starts a worker for every cell of `cells` that has none yet; resolves when their first heartbeats ended. */
  sync(cells: readonly CellMapping[]): Promise<void> {
    const firstBeats: Promise<void>[] = [];
    const { config, api, logger, onlyCell } = this.#options;
    for (const cell of cells) {
      if (onlyCell !== undefined && cell.name !== onlyCell) continue;
      if (this.#workers.has(cell.uuid)) continue;
      const database = openDatabase<CellDatabase>({
        url: cell.databaseUrl,
        label: cell.name,
        connectionLimit: 4,
        connectTimeoutMs: Math.min(config.cells.timeoutMs, 2_000),
        defaultTimeoutMs: 30_000,
      });
      const worker = new CellWorker({
        cell,
        db: database.db,
        api,
        config,
        logger: logger.child({ cell: cell.name }),
        workerId: `${cell.name}@${hostname()}:${process.pid}`,
      });
      this.#workers.set(cell.uuid, { worker, database });
      firstBeats.push(worker.start());
      logger.info({ event: 'worker.started', cell: cell.name }, `worker of ${cell.name} started`);
    }
    return Promise.all(firstBeats).then(() => undefined);
  }

  /** The worker of `cellName`, if running. */
  worker(cellName: string, cells: readonly CellMapping[]): CellWorker | undefined {
    const cell = cells.find((candidate) => candidate.name === cellName);
    return cell ? this.#workers.get(cell.uuid)?.worker : undefined;
  }

  async stop(): Promise<void> {
    const entries = [...this.#workers.values()];
    this.#workers.clear();
    await Promise.all(entries.map((entry) => entry.worker.stop()));
    await Promise.all(entries.map((entry) => entry.database.db.destroy()));
  }
}

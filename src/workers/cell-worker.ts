import { claimTask, failTask, type Task } from '../cell-db/task.repository.js';
import { acquireLease } from '../cell-db/lease.repository.js';
import { reapExpiredMessages } from '../messages/reaper.js';
import { toError } from '../util/to-error.js';
import { LostLeaseError } from './finish-task.js';
import { handleTask } from './handle-task.js';
import { heartbeat } from './heartbeat.js';
import { heartbeatInterval } from './heartbeat-interval.js';
import { repairMappings } from './repair-mappings.js';
import type { WorkerContext } from './worker-context.js';

/** Attempts of a task that fails unexpectedly (a database error, say) before it is marked failed. */
const MAX_ATTEMPTS = 5;
/** The longest pause between polls while the cell's database keeps failing. */
const MAX_BACKOFF_MS = 5_000;
/** Seconds between mapping repair passes. */
const REPAIR_INTERVAL_S = 10;

/** The lifecycle of a worker. */
type WorkerState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'running'; readonly loop: Promise<void>; readonly timers: readonly NodeJS.Timeout[] }
  | { readonly phase: 'stopped' };

/**
 * The workers of one cell: a loop that claims tasks from the cell's queue and runs them, plus periodic jobs —
 * heartbeats of the cell's services, the message reaper (one per cell at a time, by lease) and the mapping repair.
 *
 * Stopping: `stop()` lets the task in hand finish (its final transaction commits or not as a whole), clears the
 * timers and resolves; tasks never started stay pending, claimed ones come back when their lease runs out.
 */
export class CellWorker {
  readonly #ctx: WorkerContext;
  #state: WorkerState = { phase: 'idle' };
  #isStopping = false;
  #wake: (() => void) | undefined;

  constructor(ctx: WorkerContext) {
    this.#ctx = ctx;
  }

  /**
   * Starts the periodic jobs and the task loop. The first heartbeat goes out at once and the loop claims its
   * first task only after it (or after its failure): a service is UP from the moment its worker runs, not one
   * interval later. Beats come every `heartbeatInterval(HEARTBEAT_INTERVAL_S, SERVICE_DOWN_TIME_S)`. Resolves
   * when that first beat has ended (never rejects: a failed beat is logged).
   */
  start(): Promise<void> {
    if (this.#state.phase !== 'idle') return Promise.resolve();
    const { config } = this.#ctx;
    const { intervalMs } = heartbeatInterval(
      config.workers.heartbeatIntervalS,
      config.workers.serviceDownTimeS,
    );
    const beat = every(intervalMs, () => this.#beat(), true);
    const timers = [beat.timer, every(REPAIR_INTERVAL_S * 1000, () => this.#repair(), false).timer];
    if (config.messages.reapIntervalS !== -1) {
      timers.push(every(config.messages.reapIntervalS * 1000, () => this.#reap(), true).timer);
    }
    this.#state = { phase: 'running', loop: beat.first.then(() => this.#loop()), timers };
    return beat.first;
  }

  async stop(): Promise<void> {
    const state = this.#state;
    this.#isStopping = true;
    this.#wake?.();
    if (state.phase !== 'running') return;
    for (const timer of state.timers) clearInterval(timer);
    await state.loop;
    this.#state = { phase: 'stopped' };
  }

  /** Claims and runs one task; resolves to whether there was one. */
  async runOnce(): Promise<boolean> {
    const { db, workerId, config } = this.#ctx;
    const task = await claimTask(db, workerId, config.workers.taskLeaseS);
    if (!task) return false;
    await this.#run(task);
    return true;
  }

  /** Runs one reaper pass now if this worker gets the cell's reaper lease; resolves to the rows deleted. */
  async reapNow(): Promise<number> {
    const { db, workerId, config } = this.#ctx;
    if (!(await acquireLease(db, 'message-reaper', workerId, 60))) return 0;
    const { deleted } = await reapExpiredMessages(db, { batchSize: config.messages.reapBatchSize });
    return deleted;
  }

  async #loop(): Promise<void> {
    let backoffMs = this.#ctx.config.workers.pollIntervalMs;
    while (!this.#isStopping) {
      try {
        const handled = await this.runOnce();
        backoffMs = this.#ctx.config.workers.pollIntervalMs;
        if (handled) continue;
      } catch (error) {
        this.#ctx.logger.warn(
          { event: 'worker.poll_failed', cell: this.#ctx.cell.name, err: toError(error).message },
          'task poll failed',
        );
        backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoffMs);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  async #run(task: Task): Promise<void> {
    const { db, workerId, logger, cell } = this.#ctx;
    try {
      await handleTask(this.#ctx, task);
    } catch (error) {
      if (error instanceof LostLeaseError) {
        logger.warn({ event: 'task.lease_lost', cell: cell.name, taskId: task.id }, error.message);
        return;
      }
      const message = toError(error).message;
      logger.error(
        {
          event: 'task.failed',
          cell: cell.name,
          taskId: task.id,
          kind: task.kind,
          attempts: task.attempts,
          err: message,
        },
        'task failed',
      );
      await failTask(db, task, workerId, message, MAX_ATTEMPTS).catch(() => undefined);
    }
  }

  async #beat(): Promise<void> {
    await heartbeat(this.#ctx.db, this.#ctx.cell).catch((error: unknown) =>
      this.#ctx.logger.warn(
        { event: 'worker.heartbeat_failed', cell: this.#ctx.cell.name, err: toError(error).message },
        'heartbeat failed',
      ),
    );
  }

  async #reap(): Promise<void> {
    try {
      const deleted = await this.reapNow();
      if (deleted > 0)
        this.#ctx.logger.info(
          { event: 'messages.reaped', cell: this.#ctx.cell.name, deleted },
          `Deleted ${deleted} expired messages.`,
        );
    } catch (error) {
      this.#ctx.logger.warn(
        { event: 'messages.reap_failed', cell: this.#ctx.cell.name, err: toError(error).message },
        'reaper failed',
      );
    }
  }

  async #repair(): Promise<void> {
    const { db, api, cell, config, logger } = this.#ctx;
    try {
      const repaired = await repairMappings(db, api, cell, config.workers.mappingRepairGraceS);
      if (repaired > 0)
        logger.warn(
          { event: 'mappings.repaired', cell: cell.name, repaired },
          'resources without mapping repaired',
        );
    } catch (error) {
      logger.warn(
        { event: 'mappings.repair_failed', cell: cell.name, err: toError(error).message },
        'mapping repair failed',
      );
    }
  }
}

/**
 * Runs `job` every `ms` (and once now when `isImmediate`), never two at a time. `first` resolves when the
 * immediate run has ended (at once without one); `job` must not reject.
 */
function every(
  ms: number,
  job: () => Promise<void>,
  isImmediate: boolean,
): { readonly timer: NodeJS.Timeout; readonly first: Promise<void> } {
  let isRunning = false;
  const tick = () => {
    if (isRunning) return Promise.resolve();
    isRunning = true;
    return job().finally(() => {
      isRunning = false;
    });
  };
  const first = isImmediate ? tick() : Promise.resolve();
  const timer = setInterval(() => void tick(), ms);
  timer.unref();
  return { timer, first };
}

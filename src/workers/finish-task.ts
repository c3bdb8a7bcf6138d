import type { Transaction } from 'kysely';

import type { CellDatabase } from '../cell-db/cell-database.js';
import { completeTask, type Task } from '../cell-db/task.repository.js';
import type { WorkerContext } from './worker-context.js';

/** Thrown inside a task's final transaction when another worker took the task over: rolls the effects back. */
export class LostLeaseError extends Error {
  constructor(taskId: number) {
    super(`Task ${taskId} is no longer held by this worker.`);
    this.name = 'LostLeaseError';
  }
}

/**
 * Applies a task's effects and marks it done in one transaction, so the effects happen exactly once: if the worker
 * dies before COMMIT nothing happened and the task is claimed again when its lease runs out; if another worker
 * took the task over meanwhile, this transaction rolls back (`LostLeaseError`).
 */
export async function finishTask(
  ctx: WorkerContext,
  task: Task,
  effects: (trx: Transaction<CellDatabase>) => Promise<void>,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await effects(trx);
    if (!(await completeTask(trx, task.id, ctx.workerId))) throw new LostLeaseError(task.id);
  });
}

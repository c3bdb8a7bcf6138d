import type { Task } from '../../cell-db/task.repository.js';
import { driverDelay } from '../simulated-driver.js';
import { finishTask } from '../finish-task.js';
import type { WorkerContext } from '../worker-context.js';

/**
 * Deletes a server or share: queues its mapping for deletion in the API database (idempotent, so a retry after a
 * crash repeats it harmlessly), then soft-deletes the row (`deleted = id`) and completes the task in one
 * transaction. The server's faults and every message stay, as in Nova and Manila.
 */
export async function deleteResource(
  ctx: WorkerContext,
  task: Task,
  kind: 'server' | 'share',
): Promise<void> {
  const id = task.resourceId!;
  await ctx.api
    .updateTable('resource_mappings')
    .set({ queued_for_delete: true, updated_at: new Date() })
    .where('resource_id', '=', id)
    .execute();
  await driverDelay(ctx.config.workers.simulatedDriverDelayMs);
  await finishTask(ctx, task, async (trx) => {
    const now = new Date();
    if (kind === 'server') {
      await trx
        .updateTable('instances')
        .set((eb) => ({
          deleted: eb.ref('id'),
          deleted_at: now,
          vm_state: 'deleted',
          task_state: null,
          power_state: 0,
          updated_at: now,
        }))
        .where('uuid', '=', id)
        .where('deleted', '=', 0)
        .execute();
    } else {
      await trx
        .updateTable('shares')
        .set((eb) => ({ deleted: eb.ref('id'), deleted_at: now, status: 'DELETED', updated_at: now }))
        .where('uuid', '=', id)
        .where('deleted', '=', 0)
        .execute();
    }
  });
  ctx.logger.info({ event: `${kind}.deleted`, requestId: task.requestId, resourceId: id }, `${kind} deleted`);
}

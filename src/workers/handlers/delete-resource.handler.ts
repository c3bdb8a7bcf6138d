import { softDeleteResource } from '../../cell-db/resource-row.repository.js';
import type { Task } from '../../cell-db/task.repository.js';
import { queueMappingForDelete } from '../../registry/resource-mapping.repository.js';
import type { ResourceKind } from '../../resource/resource-kind.js';
import { driverDelay } from '../simulated-driver.js';
import { finishTask } from '../finish-task.js';
import type { WorkerContext } from '../worker-context.js';

/**
 * Deletes a resource of `kind`: queues its mapping for deletion in the API database (idempotent, so a retry after
 * a crash repeats it harmlessly), then soft-deletes the row (`deleted = id`) and completes the task in one
 * transaction. A server's faults and every message stay, as in Nova and Manila.
 */
export async function deleteResource(ctx: WorkerContext, task: Task, kind: ResourceKind): Promise<void> {
  const id = task.resourceId!;
  await queueMappingForDelete(ctx.api, id, new Date());
  await driverDelay(ctx.config.workers.simulatedDriverDelayMs);
  await finishTask(ctx, task, (trx) => softDeleteResource(trx, kind, id, new Date()));
  ctx.logger.info({ event: `${kind}.deleted`, requestId: task.requestId, resourceId: id }, `${kind} deleted`);
}

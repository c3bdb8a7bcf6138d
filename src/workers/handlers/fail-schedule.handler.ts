import { findResourceOwner } from '../../cell-db/resource-row.repository.js';
import { updateShareState } from '../../cell-db/share.repository.js';
import type { Task } from '../../cell-db/task.repository.js';
import { schedulingFailureMessage, type SchedulerFilterName } from '../../messages/catalogue.js';
import { writeMessage } from '../../messages/write-message.js';
import { resourceKindOf, type ResourceTypeName } from '../../resource/resource-kind.js';
import { assertNever } from '../../util/assert-never.js';
import { finishTask } from '../finish-task.js';
import { failServer, NO_VALID_HOST_FAULT } from '../fail-server.js';
import type { WorkerContext } from '../worker-context.js';

/**
 * Ends a request that no host could take, in cell0 (Nova's and Manila's scheduler `NoValidHost` path): the server
 * or share goes to ERROR with the message of `schedulingFailureMessage` ("allocate host" and the detail of the
 * filter that failed, seed 000: `001`/`008`; or "no service is up" when none was), and a server also gets a fault.
 */
export async function failSchedule(ctx: WorkerContext, task: Task): Promise<void> {
  const id = task.resourceId!;
  // The payload spells the kind as messages do (`SERVER`), as the creates have always written it.
  const resourceType = task.payload['resourceType'] as ResourceTypeName;
  const kind = resourceKindOf(resourceType);
  const lastFilter = (task.payload['lastFilter'] ?? null) as SchedulerFilterName | null;
  const reason = String(task.payload['reason'] ?? 'No valid host was found.');
  const message = schedulingFailureMessage(resourceType, lastFilter);
  await finishTask(ctx, task, async (trx) => {
    const now = new Date();
    const owner = await findResourceOwner(trx, kind, id);
    if (!owner || owner.isDeleted) return;
    const options = { ttlS: ctx.config.messages.ttlS, logger: ctx.logger, now };
    const recipient = { projectId: owner.projectId, resourceId: id, requestId: task.requestId };
    switch (kind) {
      case 'server': {
        const fault = { message: NO_VALID_HOST_FAULT, details: reason };
        await failServer(trx, { ...recipient, serverId: id, host: null, fault, message }, options);
        return;
      }
      case 'share':
        await updateShareState(trx, id, { status: 'ERROR' }, now);
        await writeMessage(trx, message, recipient, options);
        return;
      default:
        return assertNever(kind, 'resource kind');
    }
  });
  ctx.logger.info(
    { event: 'schedule.failed', requestId: task.requestId, resourceId: id, lastFilter },
    reason,
  );
}

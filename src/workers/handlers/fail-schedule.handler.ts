import type { Task } from '../../cell-db/task.repository.js';
import {
  MessageAction,
  MessageDetail,
  detailForFailedFilter,
  sanctionedMessage,
  type MessageActionEntry,
  type MessageDetailEntry,
  type MessageResourceType,
  type SchedulerFilterName,
} from '../../messages/catalogue.js';
import { writeMessage } from '../../messages/write-message.js';
import { assertNever } from '../../util/assert-never.js';
import { finishTask } from '../finish-task.js';
import { failServer, NO_VALID_HOST_FAULT } from '../fail-server.js';
import type { WorkerContext } from '../worker-context.js';

/**
 * Ends a request that no host could take, in cell0 (Nova's and Manila's scheduler `NoValidHost` path): the server
 * or share goes to ERROR with a message "allocate host" whose detail names the filter that failed (seed 000:
 * `001`/`008`), and a server also gets a fault.
 *
 * When no host was up at all (`lastFilter` null), a share gets Manila's "create" / "Share back end services are
 * not ready yet" (`002`/`028`, as its filter scheduler writes before it raises `WillNotSchedule`), and a server
 * "allocate host" / "No compute service is up" (`001`/`104`).
 */
export async function failSchedule(ctx: WorkerContext, task: Task): Promise<void> {
  const id = task.resourceId!;
  const resourceType = task.payload['resourceType'] as MessageResourceType;
  const lastFilter = (task.payload['lastFilter'] ?? null) as SchedulerFilterName | null;
  const reason = String(task.payload['reason'] ?? 'No valid host was found.');
  const { action, detail } = messageOfFailure(resourceType, lastFilter);
  await finishTask(ctx, task, async (trx) => {
    const now = new Date();
    const table = resourceType === 'SERVER' ? 'instances' : 'shares';
    const row = await trx
      .selectFrom(table)
      .select(['project_id', 'deleted'])
      .where('uuid', '=', id)
      .executeTakeFirst();
    if (!row || row.deleted !== 0) return;
    const message = sanctionedMessage(resourceType, action, detail);
    const options = { ttlS: ctx.config.messages.ttlS, logger: ctx.logger, now };
    if (resourceType === 'SERVER') {
      const fault = { message: NO_VALID_HOST_FAULT, details: reason };
      await failServer(
        trx,
        { serverId: id, projectId: row.project_id, host: null, requestId: task.requestId, fault, message },
        options,
      );
      return;
    }
    await trx
      .updateTable('shares')
      .set({ status: 'ERROR', updated_at: now })
      .where('uuid', '=', id)
      .execute();
    await writeMessage(
      trx,
      message,
      { projectId: row.project_id, resourceId: id, requestId: task.requestId },
      options,
    );
  });
  ctx.logger.info(
    { event: 'schedule.failed', requestId: task.requestId, resourceId: id, lastFilter },
    reason,
  );
}

/** The catalogue entries of a scheduling failure: the failed filter's detail, or "no service up" when none ran. */
function messageOfFailure(
  resourceType: MessageResourceType,
  lastFilter: SchedulerFilterName | null,
): { readonly action: MessageActionEntry; readonly detail: MessageDetailEntry } {
  if (lastFilter !== null) {
    return { action: MessageAction.AllocateHost, detail: detailForFailedFilter(resourceType, lastFilter) };
  }
  switch (resourceType) {
    case 'SERVER':
      return { action: MessageAction.AllocateHost, detail: MessageDetail.ComputeServiceNotReady };
    case 'SHARE':
      return { action: MessageAction.Create, detail: MessageDetail.ShareBackendNotReadyYet };
    default:
      return assertNever(resourceType);
  }
}

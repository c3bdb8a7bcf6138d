import { findShareBackend } from '../../cell-db/host-state.repository.js';
import { findShareRow, updateShareState } from '../../cell-db/share.repository.js';
import type { Task } from '../../cell-db/task.repository.js';
import { MessageAction, MessageDetail, sanctionedMessage } from '../../messages/catalogue.js';
import { writeMessage } from '../../messages/write-message.js';
import { finishTask } from '../finish-task.js';
import { driverDelay, exportHostOf, exportLocation } from '../simulated-driver.js';
import type { WorkerContext } from '../worker-context.js';

/**
 * Creates a share on the backend the scheduler chose (Manila's share manager `create_share_instance`).
 *
 * A share network on a backend that does not handle share servers (`driver_handles_share_servers: False`) fails
 * as in Manila: ERROR and message "create" / `003` (seed 000's second failure). Otherwise the share becomes
 * AVAILABLE with its export location computed from the backend's current configuration.
 */
export async function createShareOnBackend(ctx: WorkerContext, task: Task): Promise<void> {
  const id = task.resourceId!;
  const backendHost = String(task.payload['host']);
  const share = await findShareRow(ctx.db, id);
  if (!share || share.deleted !== 0 || share.status !== 'CREATING') {
    await finishTask(ctx, task, async () => undefined);
    return;
  }
  const backend = await findShareBackend(ctx.db, backendHost);
  await driverDelay(ctx.config.workers.simulatedDriverDelayMs);
  const handlesShareServers = backend?.capabilities['driver_handles_share_servers'] === true;
  const outcome = !backend
    ? ('no-backend' as const)
    : share.share_network_id !== null && !handlesShareServers
      ? ('unexpected-network' as const)
      : ('available' as const);
  await finishTask(ctx, task, async (trx) => {
    const now = new Date();
    const placed = {
      host: backendHost,
      availabilityZone: backend?.availabilityZone ?? share.availability_zone,
    };
    if (outcome === 'available') {
      const exportHost = exportHostOf(backend?.configuration ?? {}, backendHost);
      const location = exportLocation(share.share_proto, exportHost, id);
      await updateShareState(trx, id, { ...placed, status: 'AVAILABLE', exportLocations: [location] }, now);
      return;
    }
    await updateShareState(trx, id, { ...placed, status: 'ERROR' }, now);
    const detail =
      outcome === 'unexpected-network' ? MessageDetail.UnexpectedNetwork : MessageDetail.UnknownError;
    await writeMessage(
      trx,
      sanctionedMessage('SHARE', MessageAction.Create, detail),
      { projectId: share.project_id, resourceId: id, requestId: task.requestId },
      { ttlS: ctx.config.messages.ttlS, logger: ctx.logger, now },
    );
  });
  ctx.logger.info(
    { event: 'share.created', requestId: task.requestId, shareId: id, outcome },
    'share create finished',
  );
}

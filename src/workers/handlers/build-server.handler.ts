import { findInstanceRow, updateInstanceState } from '../../cell-db/instance.repository.js';
import { listComputeHostRows, lockComputeNode } from '../../cell-db/host-state.repository.js';
import type { Task } from '../../cell-db/task.repository.js';
import type { FlavorSnapshot } from '../../registry/request-spec.js';
import { parseJsonColumn } from '../../database/column-types.js';
import { MessageAction, MessageDetail, sanctionedMessage } from '../../messages/catalogue.js';
import { finishTask } from '../finish-task.js';
import { failServer, NO_VALID_HOST_FAULT } from '../fail-server.js';
import { bootServer, driverDelay } from '../simulated-driver.js';
import type { WorkerContext } from '../worker-context.js';

/**
 * Builds a server on the host the scheduler chose: claims the host's capacity under a row lock (another build may
 * have taken it since), boots the image on the simulated hypervisor, and ends ACTIVE, or ERROR with a fault and a
 * message ("allocate host" when the host is full by now, "create" when the boot fails).
 */
export async function buildServer(ctx: WorkerContext, task: Task): Promise<void> {
  const id = task.resourceId!;
  const row = await findInstanceRow(ctx.db, id);
  if (!row || row.deleted !== 0 || row.vm_state !== 'building') {
    await finishTask(ctx, task, async () => undefined);
    return;
  }
  await driverDelay(ctx.config.workers.simulatedDriverDelayMs);
  const imageProperties = (task.payload['imageProperties'] ?? {}) as Record<string, unknown>;
  const boot = bootServer({
    serverId: id,
    host: row.host ?? 'unknown',
    imageName: row.image_name,
    imageProperties,
  });
  const failure = { serverId: id, projectId: row.project_id, host: row.host, requestId: task.requestId };
  await finishTask(ctx, task, async (trx) => {
    const now = new Date();
    const options = { ttlS: ctx.config.messages.ttlS, logger: ctx.logger, now };
    await lockComputeNode(trx, row.host ?? '');
    const [host] = (await listComputeHostRows(trx, ctx.config.workers.serviceDownTimeS, now, id)).filter(
      (candidate) => candidate.host === row.host,
    );
    const flavor = parseJsonColumn<FlavorSnapshot | null>(row.flavor, null);
    const fits =
      host !== undefined &&
      flavor !== null &&
      host.vcpus - host.vcpusUsed >= flavor.vcpus &&
      host.memoryMb - host.memoryMbUsed >= flavor.ram &&
      host.localGb - host.localGbUsed >= flavor.disk + flavor.ephemeral;
    if (!fits) {
      const fault = {
        message: NO_VALID_HOST_FAULT,
        details: `Host ${row.host} has no room left for flavor ${row.flavor_name}.`,
      };
      const message = sanctionedMessage(
        'SERVER',
        MessageAction.AllocateHost,
        MessageDetail.ComputeFilterCapacity,
      );
      await failServer(trx, { ...failure, fault, message }, options);
      return;
    }
    if (boot.status === 'failed') {
      const fault = { message: boot.message, details: boot.details };
      const message = sanctionedMessage('SERVER', MessageAction.Create, MessageDetail.BootFailed);
      await failServer(trx, { ...failure, fault, message }, options);
      return;
    }
    await updateInstanceState(trx, id, { vmState: 'active', taskState: null, powerState: 1 }, now);
  });
  ctx.logger.info(
    {
      event: 'server.built',
      requestId: task.requestId,
      serverId: id,
      cell: ctx.cell.name,
      boot: boot.status,
    },
    'server build finished',
  );
}

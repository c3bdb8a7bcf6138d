import { findShareBackend } from '../../cell-db/host-state.repository.js';
import { clearShareServiceEnsuring } from '../../cell-db/service.repository.js';
import {
  listEnsurableShareRows,
  updateSharesStatus,
  updateShareState,
} from '../../cell-db/share.repository.js';
import type { Task } from '../../cell-db/task.repository.js';
import { MessageAction, MessageDetail, sanctionedMessage } from '../../messages/catalogue.js';
import { writeMessage } from '../../messages/write-message.js';
import { finishTask } from '../finish-task.js';
import { driverDelay, exportHostOf, exportLocation } from '../simulated-driver.js';
import type { WorkerContext } from '../worker-context.js';

/**
 * Ensure shares on one backend (Manila's `ensure_driver_resources` through the API, seed 002), in two steps:
 *
 *   1. the backend's AVAILABLE and ENSURING shares (ENSURING too, so a run that died half-way is redone) go to
 *      ENSURING when `UPDATE_SHARES_STATUS_ON_ENSURE` is set; committed, so clients see it;
 *   2. after the driver step, in one transaction with the task's completion: their export locations are
 *      recomputed from the backend's *current* configuration and they return to AVAILABLE; the service's
 *      `ensuring` flag is cleared.
 * A driver failure (a backend configured with `simulate: ensure-failure`) leaves the shares AVAILABLE with their
 * old export locations and a message on each, rather than shares stuck in ENSURING. Start and end are logged as
 * structured events.
 */
export async function ensureSharesOnBackend(ctx: WorkerContext, task: Task): Promise<void> {
  const host = String(task.payload['host']);
  const started = Date.now();
  ctx.logger.info(
    { event: 'ensure_shares.start', requestId: task.requestId, host, cell: ctx.cell.name },
    'ensure shares started',
  );
  const shares = await listEnsurableShareRows(ctx.db, host);
  const ids = shares.map((share) => share.uuid);
  if (ctx.config.workers.updateSharesStatusOnEnsure) {
    await updateSharesStatus(ctx.db, ids, 'ENSURING', new Date());
  }
  await driverDelay(ctx.config.workers.simulatedDriverDelayMs);
  const backend = await findShareBackend(ctx.db, host);
  const configuration = backend?.configuration ?? {};
  const isDriverFailure = !backend || configuration['simulate'] === 'ensure-failure';
  await finishTask(ctx, task, async (trx) => {
    const now = new Date();
    for (const share of shares) {
      if (isDriverFailure) {
        await updateShareState(trx, share.uuid, { status: 'AVAILABLE' }, now);
        await writeMessage(
          trx,
          sanctionedMessage('SHARE', MessageAction.Update, MessageDetail.UnknownError),
          { projectId: share.project_id, resourceId: share.uuid, requestId: task.requestId },
          { ttlS: ctx.config.messages.ttlS, logger: ctx.logger, now },
        );
        continue;
      }
      const location = exportLocation(share.share_proto, exportHostOf(configuration, host), share.uuid);
      await updateShareState(trx, share.uuid, { status: 'AVAILABLE', exportLocations: [location] }, now);
    }
    await clearShareServiceEnsuring(trx, host, now);
  });
  ctx.logger.info(
    {
      event: 'ensure_shares.end',
      requestId: task.requestId,
      host,
      cell: ctx.cell.name,
      shares: ids.length,
      outcome: isDriverFailure ? 'driver-failure' : 'ensured',
      durationMs: Date.now() - started,
    },
    'ensure shares finished',
  );
}

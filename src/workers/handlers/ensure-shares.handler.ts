import type { Task } from '../../cell-db/task.repository.js';
import { parseJsonColumn } from '../../database/column-types.js';
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
  const shares = await ctx.db
    .selectFrom('shares')
    .select(['uuid', 'share_proto', 'project_id'])
    .where('host', '=', host)
    .where('deleted', '=', 0)
    .where('status', 'in', ['AVAILABLE', 'ENSURING'])
    .execute();
  const ids = shares.map((share) => share.uuid);
  if (ids.length > 0 && ctx.config.workers.updateSharesStatusOnEnsure) {
    await ctx.db
      .updateTable('shares')
      .set({ status: 'ENSURING', updated_at: new Date() })
      .where('uuid', 'in', ids)
      .execute();
  }
  await driverDelay(ctx.config.workers.simulatedDriverDelayMs);
  const backend = await ctx.db
    .selectFrom('share_backends')
    .selectAll()
    .where('host', '=', host)
    .executeTakeFirst();
  const configuration = parseJsonColumn<Record<string, unknown>>(backend?.configuration, {});
  const isDriverFailure = !backend || configuration['simulate'] === 'ensure-failure';
  await finishTask(ctx, task, async (trx) => {
    const now = new Date();
    for (const share of shares) {
      if (isDriverFailure) {
        await trx
          .updateTable('shares')
          .set({ status: 'AVAILABLE', updated_at: now })
          .where('uuid', '=', share.uuid)
          .execute();
        await writeMessage(
          trx,
          sanctionedMessage('SHARE', MessageAction.Update, MessageDetail.UnknownError),
          { projectId: share.project_id, resourceId: share.uuid, requestId: task.requestId },
          { ttlS: ctx.config.messages.ttlS, logger: ctx.logger, now },
        );
        continue;
      }
      const location = exportLocation(share.share_proto, exportHostOf(configuration, host), share.uuid);
      await trx
        .updateTable('shares')
        .set({ status: 'AVAILABLE', export_locations: JSON.stringify([location]), updated_at: now })
        .where('uuid', '=', share.uuid)
        .execute();
    }
    await trx
      .updateTable('services')
      .set({ ensuring: false, updated_at: now })
      .where('binary', '=', 'share')
      .where('host', '=', host)
      .execute();
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

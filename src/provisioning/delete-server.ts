import {
  findInstanceRow,
  instanceRowToServer,
  lockInstanceRow,
  updateInstanceState,
} from '../cell-db/instance.repository.js';
import type { Server } from '../cell-db/server.js';
import { enqueueTask } from '../cell-db/task.repository.js';
import { ErrorCode } from '../errors/error-codes.js';
import { GatewayError } from '../errors/gateway-error.js';
import { cellUnavailableError } from '../listing/cell-unavailable.js';
import { findVisibleMapping } from './find-visible-mapping.js';
import { notFoundError } from './input-error.js';
import type { ProvisionContext } from './provision-context.js';

/**
 * Starts deleting a server (Nova's `DELETE /servers/{id}`): sets task state `deleting` and queues a
 * `delete_server` task in its cell, whose worker soft-deletes the row and queues the mapping for deletion.
 *
 * `NOT_FOUND` for an unknown, invisible or already deleted server; `CONFLICT` while it is already being deleted;
 * `CELL_UNAVAILABLE` when its cell does not answer (nothing changes).
 */
export async function deleteServer(ctx: ProvisionContext, id: string): Promise<Server> {
  const { cell } = await findVisibleMapping(ctx, 'server', id);
  const outcome = await ctx.fanout.query(cell, (db) =>
    db.transaction().execute(async (trx) => {
      const row = await lockInstanceRow(trx, id);
      if (!row || row.deleted !== 0) return { kind: 'missing' as const };
      if (row.task_state === 'deleting') return { kind: 'deleting' as const };
      const now = new Date();
      await updateInstanceState(trx, id, { taskState: 'deleting' }, now);
      await enqueueTask(
        trx,
        { kind: 'delete_server', resourceId: id, requestId: ctx.requestId, payload: {} },
        now,
      );
      return { kind: 'queued' as const };
    }),
  );
  if (outcome.status !== 'ok') {
    throw cellUnavailableError(
      ctx.viewer,
      `The cell of server "${id}" did not answer; nothing was changed.`,
      [cell],
    );
  }
  if (outcome.value.kind === 'missing') throw notFoundError('Server', id);
  if (outcome.value.kind === 'deleting') {
    throw new GatewayError(ErrorCode.Conflict, `Server "${id}" is already being deleted.`);
  }
  const after = await ctx.fanout.query(cell, (db) => findInstanceRow(db, id));
  if (after.status !== 'ok' || !after.value) throw notFoundError('Server', id);
  ctx.logger.info(
    { event: 'server.delete', requestId: ctx.requestId, serverId: id },
    'server delete accepted',
  );
  return instanceRowToServer(after.value, cell.uuid);
}

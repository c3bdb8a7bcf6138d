import type { CellMapping } from '../registry/cell-mapping.js';
import { listShareStates, updateSharesStatus } from '../cell-db/share.repository.js';
import { enqueueTask } from '../cell-db/task.repository.js';
import { ErrorCode } from '../errors/error-codes.js';
import { GatewayError } from '../errors/gateway-error.js';
import { cellUnavailableError } from '../listing/cell-unavailable.js';
import { findVisibleMapping } from './find-visible-mapping.js';
import { inputError, notFoundError } from './input-error.js';
import type { ProvisionContext } from './provision-context.js';

/** Share statuses from which Manila lets a share be deleted. */
const DELETABLE = ['AVAILABLE', 'ERROR', 'ERROR_DELETING'];

/**
 * Starts deleting shares (Manila's `manila delete a b ...`): each goes to DELETING and gets a `delete_share` task.
 *
 * All or nothing: every id is checked first, and any unknown or invisible id (`NOT_FOUND`), share in a state that
 * cannot be deleted (`CONFLICT`) or unreachable cell (`CELL_UNAVAILABLE`) fails the call before anything changes.
 * Messages about the shares are kept, as in Manila (seed 000 deletes them separately).
 */
export async function deleteShares(ctx: ProvisionContext, ids: readonly string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw inputError('ids', 'ids must name at least one share.');
  if (unique.length > 100) throw inputError('ids', 'At most 100 shares can be deleted at once.');
  const located: { readonly id: string; readonly cell: CellMapping }[] = [];
  for (const id of unique) located.push({ id, cell: (await findVisibleMapping(ctx, 'share', id)).cell });
  const byCell = new Map<CellMapping, string[]>();
  for (const { id, cell } of located) byCell.set(cell, [...(byCell.get(cell) ?? []), id]);

  // Check every share first; write only when every cell and every share allows it. The worker checks the status
  // again, so a share that changed state in between is left alone.
  const checks = await Promise.all(
    [...byCell].map(async ([cell, cellIds]) => ({
      cell,
      outcome: await ctx.fanout.query(cell, (db) => listShareStates(db, cellIds)),
    })),
  );
  for (const { cell, outcome } of checks) {
    if (outcome.status !== 'ok') {
      throw cellUnavailableError(
        ctx.viewer,
        'A cell holding one of these shares did not answer; nothing was changed.',
        [cell],
      );
    }
    for (const id of byCell.get(cell)!) {
      const row = outcome.value.find((candidate) => candidate.uuid === id);
      if (!row || row.deleted !== 0) throw notFoundError('Share', id);
      if (!DELETABLE.includes(row.status)) {
        throw new GatewayError(
          ErrorCode.Conflict,
          `Share "${id}" is ${row.status}; only shares that are ${DELETABLE.join(', ')} can be deleted.`,
        );
      }
    }
  }
  const now = new Date();
  for (const [cell, cellIds] of byCell) {
    const outcome = await ctx.fanout.query(cell, (db) =>
      db.transaction().execute(async (trx) => {
        await updateSharesStatus(trx, cellIds, 'DELETING', now, DELETABLE);
        for (const id of cellIds) {
          await enqueueTask(
            trx,
            { kind: 'delete_share', resourceId: id, requestId: ctx.requestId, payload: {} },
            now,
          );
        }
      }),
    );
    if (outcome.status !== 'ok') {
      throw cellUnavailableError(ctx.viewer, 'A cell holding one of these shares stopped answering.', [cell]);
    }
  }
  ctx.logger.info(
    { event: 'share.delete', requestId: ctx.requestId, shareIds: unique },
    'share delete accepted',
  );
  return unique;
}

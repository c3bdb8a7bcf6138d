import { softDeleteMessages } from '../cell-db/message.repository.js';
import { ErrorCode } from '../errors/error-codes.js';
import { GatewayError } from '../errors/gateway-error.js';
import { unreachableCellsOf } from '../fanout/cell-outcome.js';
import { cellUnavailableError } from '../listing/cell-unavailable.js';
import { inputError } from './input-error.js';
import type { ProvisionContext } from './provision-context.js';

/** What `deleteMessages` did. */
export interface DeleteMessagesResult {
  readonly deleted: string[];
  /** Ids that are not messages the viewer may delete (unknown, another project's, expired or already deleted). */
  readonly notFound: string[];
}

/**
 * Deletes the messages among `ids` that the viewer may delete (Cinder's and Manila's `DELETE /messages/{id}`:
 * soft delete; members only their own project's), asking every cell once.
 *
 * Throws `NOT_FOUND` when none of the ids could be deleted, and `CELL_UNAVAILABLE` when a cell did not answer and
 * some id was not found elsewhere (it may live there).
 */
export async function deleteMessages(
  ctx: ProvisionContext,
  ids: readonly string[],
): Promise<DeleteMessagesResult> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) throw inputError('ids', 'ids must name at least one message.');
  if (unique.length > 1_000) throw inputError('ids', 'At most 1000 messages can be deleted at once.');
  const now = new Date();
  const outcomes = await ctx.fanout.scatterGather(ctx.cells, (db) =>
    softDeleteMessages(db, { ids: unique, projectId: ctx.viewer.isAdmin ? null : ctx.viewer.projectId, now }),
  );
  const deletedAnywhere = new Set(
    outcomes.flatMap((outcome) => (outcome.status === 'ok' ? outcome.value : [])),
  );
  // In the order the caller gave them.
  const deleted = unique.filter((id) => deletedAnywhere.has(id));
  const notFound = unique.filter((id) => !deletedAnywhere.has(id));
  const unreachable = unreachableCellsOf(outcomes);
  if (notFound.length > 0 && unreachable.length > 0 && deleted.length === 0) {
    throw cellUnavailableError(
      ctx.viewer,
      'A cell that may hold these messages did not answer.',
      unreachable,
    );
  }
  if (deleted.length === 0) {
    throw new GatewayError(
      ErrorCode.NotFound,
      notFound.length === 1
        ? `Message "${notFound[0]}" was not found.`
        : `Messages ${notFound.map((id) => `"${id}"`).join(', ')} were not found.`,
      { extensions: { ids: notFound } },
    );
  }
  ctx.logger.info(
    { event: 'message.delete', requestId: ctx.requestId, messageIds: deleted },
    'messages deleted',
  );
  return { deleted, notFound };
}

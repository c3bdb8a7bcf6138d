import { canSeeProject } from '../auth/policy.js';
import type { Message } from '../cell-db/message.js';
import { messageRowToMessage } from '../cell-db/message.repository.js';
import { cellUnavailableError } from './cell-unavailable.js';
import { findMessage } from './find-message.js';
import type { ListContext } from './list-context.js';

/**
 * Shows one message (Cinder's and Manila's `GET /messages/{id}`): `null` when it is unknown, deleted, expired or of
 * another project (members); `CELL_UNAVAILABLE` when no answering cell has it and some cell did not answer.
 */
export async function showMessage(ctx: ListContext, id: string, now = new Date()): Promise<Message | null> {
  const lookup = await findMessage(ctx, id);
  if (lookup.found) {
    const { row, cell } = lookup.found;
    const isLive = row.deleted === 0 && row.expires_at.getTime() >= now.getTime();
    return isLive && canSeeProject(ctx.viewer, row.project_id) ? messageRowToMessage(row, cell.uuid) : null;
  }
  if (lookup.unreachable.length > 0) {
    throw cellUnavailableError(ctx.viewer, `The cell that may hold message "${id}" did not answer.`, [
      ...lookup.unreachable,
    ]);
  }
  return null;
}

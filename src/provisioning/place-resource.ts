import type { Transaction } from 'kysely';

import type { CellDatabase } from '../cell-db/cell-database.js';
import { deleteResourceRow, markResourceMapped } from '../cell-db/resource-row.repository.js';
import { deleteTasksOfResource } from '../cell-db/task.repository.js';
import { outsideAbortScope } from '../database/abort-scope.js';
import type { CellMapping } from '../registry/cell-mapping.js';
import type { RequestSpec } from '../registry/request-spec.js';
import { insertResourceMapping } from '../registry/resource-mapping.repository.js';
import type { ResourceKind } from '../resource/resource-kind.js';
import { cellUnavailableError } from '../listing/cell-unavailable.js';
import type { ProvisionContext } from './provision-context.js';

/** What `placeResource` writes. */
export interface Placement {
  readonly cell: CellMapping;
  readonly resourceType: ResourceKind;
  readonly resourceId: string;
  readonly projectId: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly spec: RequestSpec;
  /** Writes the resource row (with `is_mapped = false`) and its task, in the cell's transaction. */
  readonly writeCellFn: (trx: Transaction<CellDatabase>) => Promise<void>;
}

/**
 * Creates a resource across the two databases, in this order:
 *
 *   1. the cell, in one transaction: the resource row (`is_mapped = false`) and its task. If the cell does not
 *      answer (timeout, error, open breaker) the create fails with `CELL_UNAVAILABLE` and no mapping is written.
 *      A destroyed connection rolls its transaction back, but a COMMIT already sent to a frozen server runs when it
 *      thaws: that row, never mapped, is the repair pass's to delete (below);
 *   2. the API database, in one transaction: the resource mapping and the request spec. If that fails, the cell
 *      rows are deleted again (best effort) and the error is raised (`API_DATABASE_UNAVAILABLE` when the API
 *      database did not answer: `withApiDatabase`);
 *   3. the cell: `is_mapped = true` (best effort).
 *
 * The mapping is the create's commit point: only then is the create acknowledged. A cell row left with
 * `is_mapped = false` (the gateway died between 1 and 2, the undo of 2 could not reach the cell, or a cell's COMMIT
 * that the gateway gave up on arrived when the frozen server thawed) is settled by the cell worker's repair pass
 * after a grace period: marked mapped when its mapping exists, deleted with its task when it does not
 * (`workers/repair-mappings.ts`). Until then lists show it, and `server(id)` finds it in its cell.
 */
export async function placeResource(ctx: ProvisionContext, placement: Placement): Promise<void> {
  const { cell, resourceType: kind, resourceId } = placement;
  // Before the row exists, so this project's lists ask the new cell as soon as the row can be there.
  ctx.projectCells.noteCreated(placement.projectId, cell.id);
  const written = await ctx.fanout.query(cell, (db) => db.transaction().execute(placement.writeCellFn));
  if (written.status !== 'ok') {
    throw cellUnavailableError(
      ctx.viewer,
      'The cell chosen for this request did not answer; nothing was created.',
      [cell],
    );
  }
  try {
    await ctx.apiHealth.write((api) =>
      insertResourceMapping(api, {
        resourceType: kind,
        resourceId,
        cellId: cell.id,
        projectId: placement.projectId,
        userId: placement.userId,
        isQueuedForDelete: false,
        createdAt: placement.createdAt,
        spec: placement.spec,
      }),
    );
  } catch (error) {
    // Rolled back by hand, so that a create refused with API_DATABASE_UNAVAILABLE wrote nothing anywhere. Should
    // the cell not answer this either, the row stays unmapped and the worker's repair pass deletes it later. Outside
    // the request's deadline: if the API write failed because that deadline passed, the undo must still run (it
    // has its own CELL_TIMEOUT_MS).
    await outsideAbortScope(() =>
      ctx.fanout.query(cell, (db) =>
        db.transaction().execute(async (trx) => {
          await deleteTasksOfResource(trx, resourceId);
          await deleteResourceRow(trx, kind, resourceId);
        }),
      ),
    );
    throw error;
  }
  await ctx.fanout.query(cell, (db) => markResourceMapped(db, kind, resourceId));
}

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
 *      answer (timeout, error, open breaker) nothing was committed (the transaction never reached COMMIT, and a
 *      destroyed connection rolls back) and the create fails with `CELL_UNAVAILABLE`: nothing written anywhere;
 *   2. the API database, in one transaction: the resource mapping and the request spec. If that fails, the cell
 *      rows are deleted again (best effort) and the error is raised (`API_DATABASE_UNAVAILABLE` when the API
 *      database did not answer: `withApiDatabase`);
 *   3. the cell: `is_mapped = true` (best effort).
 *
 * A crash between 1 and 2 leaves a cell row with `is_mapped = false`; the cell worker's repair pass finds such
 * rows after a grace period and writes their mapping and spec (then sets `is_mapped`), so no resource stays an
 * orphan. A reader may see the resource in a list a moment before `server(id)` finds its mapping: never for long.
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
      insertResourceMapping(
        api,
        {
          resourceType: kind,
          resourceId,
          cellId: cell.id,
          projectId: placement.projectId,
          userId: placement.userId,
          isQueuedForDelete: false,
          createdAt: placement.createdAt,
          spec: placement.spec,
        },
        { isRepair: false },
      ),
    );
  } catch (error) {
    // Rolled back by hand, so that a create refused with API_DATABASE_UNAVAILABLE wrote nothing anywhere. Should
    // the cell not answer this either, the row stays unmapped and the worker's repair pass maps it later. Outside
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

import type { Transaction } from 'kysely';

import type { CellDatabase } from '../cell-db/cell-database.js';
import type { CellMapping } from '../registry/cell-mapping.js';
import type { RequestSpec } from '../registry/request-spec.js';
import type { ResourceType } from '../registry/resource-mapping.repository.js';
import { cellUnavailableError } from '../listing/cell-unavailable.js';
import type { ProvisionContext } from './provision-context.js';

/** What `placeResource` writes. */
export interface Placement {
  readonly cell: CellMapping;
  readonly resourceType: ResourceType;
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
 *      rows are deleted again (best effort) and the error is raised;
 *   3. the cell: `is_mapped = true` (best effort).
 *
 * A crash between 1 and 2 leaves a cell row with `is_mapped = false`; the cell worker's repair pass finds such
 * rows after a grace period and writes their mapping and spec (then sets `is_mapped`), so no resource stays an
 * orphan. A reader may see the resource in a list a moment before `server(id)` finds its mapping: never for long.
 */
export async function placeResource(ctx: ProvisionContext, placement: Placement): Promise<void> {
  const { cell, resourceId } = placement;
  const written = await ctx.fanout.query(cell, (db) => db.transaction().execute(placement.writeCellFn));
  if (written.status !== 'ok') {
    throw cellUnavailableError(
      ctx.viewer,
      'The cell chosen for this request did not answer; nothing was created.',
      [cell],
    );
  }
  try {
    await ctx.api.transaction().execute(async (trx) => {
      await trx
        .insertInto('resource_mappings')
        .values({
          resource_type: placement.resourceType,
          resource_id: resourceId,
          cell_id: cell.id,
          project_id: placement.projectId,
          user_id: placement.userId,
          queued_for_delete: false,
          created_at: placement.createdAt,
        })
        .execute();
      await trx
        .insertInto('request_specs')
        .values({
          resource_id: resourceId,
          resource_type: placement.resourceType,
          spec: JSON.stringify(placement.spec),
          created_at: placement.createdAt,
        })
        .execute();
    });
  } catch (error) {
    const table = placement.resourceType === 'server' ? 'instances' : 'shares';
    await ctx.fanout.query(cell, async (db) => {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('tasks').where('resource_id', '=', resourceId).execute();
        await trx.deleteFrom(table).where('uuid', '=', resourceId).execute();
      });
    });
    throw error;
  }
  const table = placement.resourceType === 'server' ? 'instances' : 'shares';
  await ctx.fanout.query(cell, (db) =>
    db.updateTable(table).set({ is_mapped: true }).where('uuid', '=', resourceId).execute(),
  );
}

import { randomUUID } from 'node:crypto';

import type { Kysely } from 'kysely';

import type { CellDatabase } from '../cell-db/cell-database.js';
import { enqueueTask, type TaskKind } from '../cell-db/task.repository.js';
import type { CellQuery } from '../fanout/cell-fanout.js';
import type { RequestSpec } from '../registry/request-spec.js';
import { resourceTypeName, type ResourceKind } from '../resource/resource-kind.js';
import type { Selection } from '../scheduling/select-host.js';
import { destinationCell, gatherCandidates } from './gather-candidates.js';
import { placeResource } from './place-resource.js';
import type { ProvisionContext } from './provision-context.js';

/** What a create of one kind brings to `createResource`: how to schedule it and what to write. */
export interface CreateRecipe<Host extends object, Chosen extends { readonly cellName: string }, Row> {
  readonly kind: ResourceKind;
  /** The zone the request asked for; `undefined` when any will do. */
  readonly availabilityZone: string | undefined;
  /** What one candidate cell offers (its compute hosts or share backends). */
  readonly listHostsFn: CellQuery<Host[]>;
  /** The filter scheduler over the hosts of every cell that answered. */
  readonly selectFn: (hosts: (Host & { readonly cellName: string })[]) => Selection<Chosen>;
  /** The cell row of the new resource `id`, placed as `selection` says (on the chosen host, or on none). */
  readonly rowFn: (id: string, now: Date, selection: Selection<Chosen>) => Row;
  /** Inserts `row` (not yet mapped) in the cell's transaction. */
  readonly insertRowFn: (trx: Kysely<CellDatabase>, row: Row) => Promise<void>;
  /** The task that does the work on the chosen host. */
  readonly workTaskFn: (chosen: Chosen) => {
    readonly kind: TaskKind;
    readonly payload: Readonly<Record<string, unknown>>;
  };
  /** What the request asked for, kept in the API database. */
  readonly spec: RequestSpec;
}

/**
 * The common course of a create, after its input was validated (Nova's `POST /servers`, Manila's `POST /shares`):
 *
 *   1. every candidate cell is asked what it offers (`gatherCandidates`; `CELL_UNAVAILABLE`, writing nothing, when
 *      no cell that could take the request answers);
 *   2. the filter scheduler picks a host;
 *   3. the row goes to the chosen host's cell with its work task, or, when no host can take it, to cell0 with a
 *      `fail_schedule` task that turns it ERROR with an "allocate host" message (`placeResource`).
 * Resolves to the new id, the row as written and the uuid of the cell it went to.
 */
export async function createResource<Host extends object, Chosen extends { readonly cellName: string }, Row>(
  ctx: ProvisionContext,
  recipe: CreateRecipe<Host, Chosen, Row>,
): Promise<{ readonly row: Row; readonly cellUuid: string }> {
  const { kind } = recipe;
  const { hosts, cells } = await gatherCandidates(ctx, recipe.availabilityZone, kind, recipe.listHostsFn);
  const selection = recipe.selectFn(hosts);
  const id = randomUUID();
  const now = new Date();
  const cell = destinationCell(ctx, cells, selection);
  const row = recipe.rowFn(id, now, selection);
  const task =
    selection.status === 'selected'
      ? recipe.workTaskFn(selection.host)
      : {
          kind: 'fail_schedule' as const,
          // Spelled as messages spell the kind: the fail_schedule handler writes the message with it.
          payload: {
            resourceType: resourceTypeName(kind),
            lastFilter: selection.lastFilter,
            reason: selection.reason,
          },
        };
  await placeResource(ctx, {
    cell,
    resourceType: kind,
    resourceId: id,
    projectId: ctx.viewer.projectId,
    userId: ctx.viewer.userId,
    createdAt: now,
    spec: recipe.spec,
    writeCellFn: async (trx) => {
      await recipe.insertRowFn(trx, row);
      await enqueueTask(trx, { ...task, resourceId: id, requestId: ctx.requestId }, now);
    },
  });
  ctx.logger.info(
    {
      event: `${kind}.create`,
      requestId: ctx.requestId,
      [`${kind}Id`]: id,
      cell: cell.name,
      scheduled: selection.status,
    },
    `${kind} create accepted`,
  );
  return { row, cellUuid: cell.uuid };
}

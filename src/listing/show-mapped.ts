import type { Kysely } from 'kysely';

import { canSeeProject } from '../auth/policy.js';
import type { CellDatabase } from '../cell-db/cell-database.js';
import type { CellMapping } from '../registry/cell-mapping.js';
import { findResourceMapping, type ResourceMapping } from '../registry/resource-mapping.repository.js';
import type { ResourceKind } from '../resource/resource-kind.js';
import type { ListContext } from './list-context.js';

/** Options of `showMapped`. */
export interface ShowOptions<Row, Node> {
  readonly resourceType: ResourceKind;
  readonly id: string;
  readonly findFn: (db: Kysely<CellDatabase>, id: string) => Promise<Row | undefined>;
  /** Whether the viewer may see `row` (e.g. deleted servers only for admins). */
  readonly isVisibleFn: (row: Row) => boolean;
  readonly toNode: (row: Row, cell: CellMapping) => Node;
  readonly toConstruct: (mapping: ResourceMapping, cellUuid: string) => Node;
}

/**
 * Shows one server or share: through the API database's mapping to the one cell that holds it (Nova's
 * `_get_instance`).
 *
 * `null` when there is no mapping, the resource belongs to another project (members), or its cell does not hold
 * it. When its cell does not answer: the minimal construct, or `null` if the mapping is queued for deletion or the
 * request spec is gone (Nova answers 404 in both cases).
 */
export async function showMapped<Row, Node>(
  ctx: ListContext,
  options: ShowOptions<Row, Node>,
): Promise<Node | null> {
  const mapping = await findResourceMapping(ctx.api, options.resourceType, options.id);
  if (!mapping || !canSeeProject(ctx.viewer, mapping.projectId)) return null;
  const cell = ctx.cells.find((candidate) => candidate.id === mapping.cellId);
  if (!cell) return null;
  const outcome = await ctx.fanout.query(cell, (db) => options.findFn(db, options.id));
  if (outcome.status === 'ok') {
    const row = outcome.value;
    return row !== undefined && options.isVisibleFn(row) ? options.toNode(row, cell) : null;
  }
  if (mapping.isQueuedForDelete || mapping.spec === null) return null;
  return options.toConstruct(mapping, cell.uuid);
}

import type { Kysely } from 'kysely';

import { canSeeProject } from '../auth/policy.js';
import type { CellDatabase } from '../cell-db/cell-database.js';
import type { CellMapping } from '../registry/cell-mapping.js';
import { findResourceMapping, type ResourceMapping } from '../registry/resource-mapping.repository.js';
import type { ResourceKind } from '../resource/resource-kind.js';
import type { ListContext } from './list-context.js';
import { readApiDatabase } from './read-api-database.js';

/** Options of `showMapped`. */
export interface ShowOptions<Row, Node> {
  readonly resourceType: ResourceKind;
  readonly id: string;
  /** Reads the row by its id (an indexed lookup: it may run in every cell). */
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
 * `null` when the resource belongs to another project (members), or no cell holds it. When its cell does not
 * answer: the minimal construct, or `null` if the mapping is queued for deletion or the request spec is gone (Nova
 * answers 404 in both cases). When the mapping cannot be read (the API database is down) or does not exist yet (a
 * create between its cell write and its API write), the id is looked up in every reachable cell at once
 * (CONTRACT section 5, "The API database down too"); a resource in a cell that does not answer is then `null`, as
 * there is nothing to build a construct from.
 */
export async function showMapped<Row extends { readonly project_id: string }, Node>(
  ctx: ListContext,
  options: ShowOptions<Row, Node>,
): Promise<Node | null> {
  const lookup = await readApiDatabase(ctx, (api) =>
    findResourceMapping(api, options.resourceType, options.id),
  );
  const mapping = lookup.status === 'read' ? lookup.value : undefined;
  if (!mapping) return showFromAnyCell(ctx, options);
  if (!canSeeProject(ctx.viewer, mapping.projectId)) return null;
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

/** Asks every cell for the id at once (one indexed query each); the first cell, in registration order, wins. */
async function showFromAnyCell<Row extends { readonly project_id: string }, Node>(
  ctx: ListContext,
  options: ShowOptions<Row, Node>,
): Promise<Node | null> {
  const outcomes = await ctx.fanout.scatterGather(ctx.cells, (db) => options.findFn(db, options.id));
  for (const outcome of outcomes) {
    if (outcome.status !== 'ok' || outcome.value === undefined) continue;
    const row = outcome.value;
    return canSeeProject(ctx.viewer, row.project_id) && options.isVisibleFn(row)
      ? options.toNode(row, outcome.cell)
      : null;
  }
  return null;
}

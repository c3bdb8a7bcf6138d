import { canSeeProject } from '../auth/policy.js';
import type { CellMapping } from '../registry/cell-mapping.js';
import { findResourceMapping, type ResourceMapping } from '../registry/resource-mapping.repository.js';
import { resourceNoun, type ResourceKind } from '../resource/resource-kind.js';
import { notFoundError } from './input-error.js';
import type { ProvisionContext } from './provision-context.js';

/**
 * The mapping and cell of a resource the viewer may change; `NOT_FOUND` when there is none, or it belongs to
 * another project (a member learns nothing of other projects), or it is already queued for deletion.
 */
export async function findVisibleMapping(
  ctx: ProvisionContext,
  kind: ResourceKind,
  id: string,
): Promise<{ readonly mapping: ResourceMapping; readonly cell: CellMapping }> {
  const mapping = await findResourceMapping(ctx.api, kind, id);
  if (!mapping || mapping.isQueuedForDelete || !canSeeProject(ctx.viewer, mapping.projectId)) {
    throw notFoundError(resourceNoun(kind), id);
  }
  const cell = ctx.cells.find((candidate) => candidate.id === mapping.cellId);
  if (!cell) throw notFoundError(resourceNoun(kind), id);
  return { mapping, cell };
}

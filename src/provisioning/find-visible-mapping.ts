import { canSeeProject } from '../auth/policy.js';
import type { CellMapping } from '../registry/cell-mapping.js';
import {
  findResourceMapping,
  type ResourceMapping,
  type ResourceType,
} from '../registry/resource-mapping.repository.js';
import { notFoundError } from './input-error.js';
import type { ProvisionContext } from './provision-context.js';

/**
 * The mapping and cell of a resource the viewer may change; `NOT_FOUND` when there is none, or it belongs to
 * another project (a member learns nothing of other projects), or it is already queued for deletion.
 */
export async function findVisibleMapping(
  ctx: ProvisionContext,
  resourceType: ResourceType,
  id: string,
): Promise<{ readonly mapping: ResourceMapping; readonly cell: CellMapping }> {
  const what = resourceType === 'server' ? 'Server' : 'Share';
  const mapping = await findResourceMapping(ctx.api, resourceType, id);
  if (!mapping || mapping.isQueuedForDelete || !canSeeProject(ctx.viewer, mapping.projectId)) {
    throw notFoundError(what, id);
  }
  const cell = ctx.cells.find((candidate) => candidate.id === mapping.cellId);
  if (!cell) throw notFoundError(what, id);
  return { mapping, cell };
}

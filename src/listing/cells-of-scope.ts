import type { CellMapping } from '../registry/cell-mapping.js';
import type { ResourceKind } from '../resource/resource-kind.js';
import type { ListContext } from './list-context.js';

/**
 * The cells a list of `projectId` must ask: those where the project has resources of `kind`, in registration
 * order; every cell for an all-projects list, or when the API database cannot say.
 *
 * A cell left out holds none of the scope's rows, so it is neither asked nor reported unreachable.
 */
export async function cellsOfScope(
  ctx: ListContext,
  kind: ResourceKind,
  projectId: string | null,
): Promise<readonly CellMapping[]> {
  if (projectId === null) return ctx.cells;
  const ids = await ctx.projectCells.cellIdsOf(projectId, kind);
  return ids === undefined ? ctx.cells : ctx.cells.filter((cell) => ids.has(cell.id));
}

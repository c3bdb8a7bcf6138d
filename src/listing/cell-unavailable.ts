import type { Viewer } from '../auth/viewer.js';
import { ErrorCode } from '../errors/error-codes.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { CellMapping } from '../registry/cell-mapping.js';

/** A `CELL_UNAVAILABLE` error about `cells`; cell names appear (in `extensions.cell`/`cells`) for admins only. */
export function cellUnavailableError(
  viewer: Viewer,
  message: string,
  cells: readonly CellMapping[],
): GatewayError {
  const names = cells.map((cell) => cell.name);
  return new GatewayError(ErrorCode.CellUnavailable, message, {
    ...(viewer.isAdmin && names.length === 1 ? { cell: names[0] } : {}),
    ...(viewer.isAdmin ? { extensions: { cells: names } } : {}),
  });
}

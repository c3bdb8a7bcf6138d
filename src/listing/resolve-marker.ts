import type { Kysely } from 'kysely';

import type { CellDatabase } from '../cell-db/cell-database.js';
import type { SortKey } from '../database/keyset.js';
import { ErrorCode } from '../errors/error-codes.js';
import { GatewayError } from '../errors/gateway-error.js';
import { findResourceMapping } from '../registry/resource-mapping.repository.js';
import type { ResourceKind } from '../resource/resource-kind.js';
import type { SortValue } from '../util/compare-values.js';
import { cellUnavailableError } from './cell-unavailable.js';
import type { ListContext } from './list-context.js';

/** Options of `resolveMappedMarker`. */
export interface MarkerOptions<Row> {
  readonly resourceType: ResourceKind;
  readonly marker: string;
  /** The list's project scope (`null`: all projects): a marker outside it is unknown to the viewer. */
  readonly projectId: string | null;
  readonly keys: readonly SortKey[];
  /** Reads the marker's row from its cell, deleted rows included. */
  readonly findFn: (db: Kysely<CellDatabase>, id: string) => Promise<Row | undefined>;
}

/**
 * The sort values of a marker (the id of the last item seen), found through the API database's mapping and read
 * from the marker's cell, deleted rows included, so a marker deleted since the previous page still works (Nova's
 * `get_marker_record` with `read_deleted='yes'`).
 *
 * Throws `BAD_USER_INPUT` for an unknown marker or one outside the viewer's scope (the same message, so a member
 * learns nothing of other projects), and `CELL_UNAVAILABLE` when the marker's cell does not answer (where Nova
 * answers 500).
 */
export async function resolveMappedMarker<Row extends object>(
  ctx: ListContext,
  options: MarkerOptions<Row>,
): Promise<SortValue[]> {
  const { marker } = options;
  const notFound = () =>
    new GatewayError(ErrorCode.BadUserInput, `Marker "${marker}" was not found.`, {
      extensions: { field: 'after' },
    });
  const mapping = await findResourceMapping(ctx.api, options.resourceType, marker);
  if (!mapping) throw notFound();
  if (options.projectId !== null && mapping.projectId !== options.projectId) throw notFound();
  const cell = ctx.cells.find((candidate) => candidate.id === mapping.cellId);
  if (!cell) throw notFound();
  const outcome = await ctx.fanout.query(cell, (db) => options.findFn(db, marker));
  if (outcome.status !== 'ok') {
    throw cellUnavailableError(ctx.viewer, `The cell that holds marker "${marker}" did not answer.`, [cell]);
  }
  const row = outcome.value as Record<string, SortValue> | undefined;
  if (!row) throw notFound();
  return options.keys.map((key) => row[key.column] ?? null);
}

import type { Kysely } from 'kysely';

import type { CellDatabase } from '../cell-db/cell-database.js';
import type { SortKey } from '../database/keyset.js';
import { ErrorCode } from '../errors/error-codes.js';
import { GatewayError } from '../errors/gateway-error.js';
import { unreachableCellsOf } from '../fanout/cell-outcome.js';
import { findResourceMapping } from '../registry/resource-mapping.repository.js';
import type { ResourceKind } from '../resource/resource-kind.js';
import type { SortValue } from '../util/compare-values.js';
import { cellUnavailableError } from './cell-unavailable.js';
import type { ListContext } from './list-context.js';
import { readApiDatabase } from './read-api-database.js';

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
 * When the mapping cannot be read (the API database is down) or does not exist yet (a create between its cell write
 * and its API write, whose resource a list may already have shown), every cell is asked for the row at once (one
 * indexed query each; CONTRACT section 5, "The API database down too").
 *
 * Throws `BAD_USER_INPUT` for an unknown marker or one outside the viewer's scope (the same message, so a member
 * learns nothing of other projects), and `CELL_UNAVAILABLE` when the marker's cell does not answer (where Nova
 * answers 500), or, without a mapping, when no answering cell has it and some cell did not answer.
 */
export async function resolveMappedMarker<Row extends { readonly project_id: string }>(
  ctx: ListContext,
  options: MarkerOptions<Row>,
): Promise<SortValue[]> {
  const { marker } = options;
  const notFound = () =>
    new GatewayError(ErrorCode.BadUserInput, `Marker "${marker}" was not found.`, {
      extensions: { field: 'after' },
    });
  const lookup = await readApiDatabase(ctx, (api) => findResourceMapping(api, options.resourceType, marker));
  const mapping = lookup.status === 'read' ? lookup.value : undefined;
  let row: Row | undefined;
  if (mapping) {
    if (options.projectId !== null && mapping.projectId !== options.projectId) throw notFound();
    const cell = ctx.cells.find((candidate) => candidate.id === mapping.cellId);
    if (!cell) throw notFound();
    const outcome = await ctx.fanout.query(cell, (db) => options.findFn(db, marker));
    if (outcome.status !== 'ok') {
      throw cellUnavailableError(ctx.viewer, `The cell that holds marker "${marker}" did not answer.`, [
        cell,
      ]);
    }
    row = outcome.value;
  } else {
    const outcomes = await ctx.fanout.scatterGather(ctx.cells, (db) => options.findFn(db, marker));
    row = outcomes.flatMap((outcome) => (outcome.status === 'ok' && outcome.value ? [outcome.value] : []))[0];
    const unreachable = unreachableCellsOf(outcomes);
    // With the API database down, a marker no answering cell has may live in one that did not answer.
    if (!row && lookup.status === 'unavailable' && unreachable.length > 0) {
      throw cellUnavailableError(ctx.viewer, `The cell that may hold marker "${marker}" did not answer.`, [
        ...unreachable,
      ]);
    }
    if (row && options.projectId !== null && row.project_id !== options.projectId) throw notFound();
  }
  if (!row) throw notFound();
  const values = row as unknown as Record<string, SortValue>;
  return options.keys.map((key) => values[key.column] ?? null);
}

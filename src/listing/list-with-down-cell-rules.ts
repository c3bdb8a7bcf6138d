import type { CellMapping } from '../registry/cell-mapping.js';
import { listLiveMappingsOfCells, type ResourceMapping } from '../registry/resource-mapping.repository.js';
import type { ResourceKind } from '../resource/resource-kind.js';
import type { SortKey } from '../database/keyset.js';
import type { SortValue } from '../util/compare-values.js';
import type { CellQuery } from '../fanout/cell-fanout.js';
import { unreachableCellsOf } from '../fanout/cell-outcome.js';
import { assertNever } from '../util/assert-never.js';
import { cacheKey } from '../util/cache-key.js';
import { cellUnavailableError } from './cell-unavailable.js';
import type { Connection } from './connection.js';
import { actionForUnreachableCell, mayBuildConstructs, type ListArgsForRules } from './down-cell-rules.js';
import { cellsOfScope } from './cells-of-scope.js';
import { listAcrossCells } from './list-across-cells.js';
import type { ListContext } from './list-context.js';
import { readApiDatabase } from './read-api-database.js';

/** Options of `listWithDownCellRules`. */
export interface DownCellListOptions<Row, Node> {
  readonly args: ListArgsForRules;
  readonly keys: readonly SortKey[];
  readonly limit: number;
  readonly resourceType: ResourceKind;
  readonly projectId: string | null;
  /** The sort values of the marker (`after`), or `null` for the first page. */
  readonly marker: readonly SortValue[] | null;
  /** Reads one batch of one cell (`ListAcrossCellsOptions.fetch`). */
  readonly fetch: (fetchLimit: number, after: readonly SortValue[] | null) => CellQuery<Row[]>;
  readonly toNode: (row: Row, cell: CellMapping) => Node;
  readonly toConstruct: (mapping: ResourceMapping, cellUuid: string) => Node;
}

/**
 * Lists a mapped resource (servers, shares) across cells and applies Nova's down-cell rules to the cells that did
 * not answer.
 *
 *   1. Every cell where the scope has resources (`cellsOfScope`) is asked in parallel (`listAcrossCells`); the
 *      reachable results are merged and paged.
 *   2. With no unreachable cell, that page is the answer.
 *   3. Otherwise, when the rules allow constructs (`mayBuildConstructs`), the reachable results keep their places
 *      and the unreachable cells' live mappings in the viewer's scope fill what is left of `MAX_LIMIT`, placed
 *      before them (Nova's `_generate_minimal_construct_for_down_cells`); when they do not, the cells are skipped,
 *      or the list fails with `CELL_UNAVAILABLE` when skipping is turned off. When the API database does not
 *      answer, there is nothing to build constructs from: the cells are skipped even where the rules allow
 *      constructs (CONTRACT section 5, "The API database down too").
 * The connection is `partial` whenever a cell did not answer.
 */
export async function listWithDownCellRules<Row extends object, Node extends { readonly id: string }>(
  ctx: ListContext,
  options: DownCellListOptions<Row, Node>,
): Promise<Connection<Node>> {
  const shapeKey = pageKey(options);
  const page = await listAcrossCells({
    fanout: ctx.fanout,
    metrics: ctx.metrics,
    cells: await cellsOfScope(ctx, options.resourceType, options.projectId),
    keys: options.keys,
    limit: options.limit,
    marker: options.marker,
    fetch: options.fetch,
    lastPageRows: ctx.pageShapes.rowsByCell(shapeKey),
  });
  ctx.pageShapes.record(shapeKey, page.pageRowsByCell);
  let nodes = page.rows.map(({ row, cell }) => options.toNode(row, cell));
  let hasNextPage = page.hasMore;
  const unreachable = unreachableCellsOf(page.outcomes);
  if (unreachable.length > 0) {
    const action = actionForUnreachableCell(mayBuildConstructs(options.args), ctx.isSkippingDownCells);
    switch (action) {
      case 'constructs': {
        const room = ctx.maxLimit - nodes.length;
        const read = await readApiDatabase(ctx, (api) =>
          listLiveMappingsOfCells(api, {
            resourceType: options.resourceType,
            cellIds: unreachable.map((cell) => cell.id),
            projectId: options.projectId,
            limit: room + 1,
          }),
        );
        // Constructs are built from the API database: without it the unreachable cells are skipped (and reported).
        if (read.status === 'unavailable') break;
        const mappings = read.value;
        const uuidOf = new Map(unreachable.map((cell) => [cell.id, cell.uuid]));
        const constructs = mappings
          .slice(0, Math.max(room, 0))
          .map((mapping) => options.toConstruct(mapping, uuidOf.get(mapping.cellId) ?? ''));
        hasNextPage = hasNextPage || mappings.length > room;
        nodes = [...constructs, ...nodes];
        break;
      }
      case 'fail':
        throw cellUnavailableError(
          ctx.viewer,
          'Some cells did not answer, and this list may not skip them.',
          unreachable,
        );
      case 'skip':
        break;
      default:
        assertNever(action, 'unreachable-cell action');
    }
  }
  return {
    nodes,
    hasNextPage,
    partial: unreachable.length > 0,
    unreachableCells: ctx.viewer.isAdmin ? unreachable.map((cell) => cell.name) : null,
  };
}

/**
 * What makes a page the same page for `PageShapes`: the resource, the scope, the filters, the order, the size and
 * the marker's sort values.
 */
function pageKey(
  options: Pick<
    DownCellListOptions<unknown, unknown>,
    'resourceType' | 'projectId' | 'args' | 'keys' | 'limit' | 'marker'
  >,
): string {
  return cacheKey([
    options.resourceType,
    options.projectId,
    options.args.filter ?? null,
    options.keys,
    options.limit,
    options.marker,
  ]);
}

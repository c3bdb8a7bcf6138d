import type { CellQuery } from '../fanout/cell-fanout.js';
import { unreachableCellsOf } from '../fanout/cell-outcome.js';
import type { ResourceKind } from '../resource/resource-kind.js';
import { cellUnavailableError } from '../listing/cell-unavailable.js';
import { CELL0_UUID, isCell0, type CellMapping } from '../registry/cell-mapping.js';
import type { Selection } from '../scheduling/select-host.js';
import type { ProvisionContext } from './provision-context.js';

/** The hosts (or backends) the reachable cells reported, each tagged with its cell, and the candidate cells. */
export interface Candidates<T> {
  readonly hosts: (T & { readonly cellName: string })[];
  /** Enabled cells other than cell0: where new resources may go. */
  readonly cells: readonly CellMapping[];
}

/**
 * Asks every candidate cell (enabled, not cell0) what it has to offer, in parallel; unreachable cells are not
 * candidates (Nova's and Manila's schedulers never see their hosts).
 *
 * Throws `CELL_UNAVAILABLE` when every cell that could take the request did not answer (every candidate, or every
 * candidate of the requested availability zone): the create must fail clearly and write nothing, rather than
 * land in cell0 as if no host existed.
 */
export async function gatherCandidates<T extends object>(
  ctx: ProvisionContext,
  availabilityZone: string | undefined,
  kind: ResourceKind,
  query: CellQuery<T[]>,
): Promise<Candidates<T>> {
  const cells = ctx.cells.filter((cell) => !isCell0(cell) && !cell.isDisabled);
  const outcomes = await ctx.fanout.scatterGather(cells, query);
  const hosts = outcomes.flatMap((outcome) =>
    outcome.status === 'ok' ? outcome.value.map((host) => ({ ...host, cellName: outcome.cell.name })) : [],
  );
  const unreachable = unreachableCellsOf(outcomes);
  const targets =
    availabilityZone === undefined ? cells : cells.filter((cell) => cellZone(cell) === availabilityZone);
  if (targets.length > 0 && targets.every((cell) => unreachable.includes(cell))) {
    throw cellUnavailableError(
      ctx.viewer,
      `No cell that could take this ${kind} answered; nothing was created.`,
      targets,
    );
  }
  return { hosts, cells };
}

/** The availability zone of a cell's hosts. */
export function cellZone(cell: CellMapping): string {
  return cell.availabilityZone ?? cell.name;
}

/**
 * Where a scheduled request goes: the cell of the chosen host, or cell0 when no host could take it (there its
 * worker turns it ERROR with an "allocate host" message). Throws when cell0 is not registered.
 */
export function destinationCell(
  ctx: ProvisionContext,
  candidates: readonly CellMapping[],
  selection: Selection<{ readonly cellName: string }>,
): CellMapping {
  const cell =
    selection.status === 'selected'
      ? candidates.find((candidate) => candidate.name === selection.host.cellName)
      : ctx.cells.find((candidate) => candidate.uuid === CELL0_UUID);
  if (!cell) throw new Error('cell0 is not registered: run `cellgate cell create cell0 --database-url ...`.');
  return cell;
}

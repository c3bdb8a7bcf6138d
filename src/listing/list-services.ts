import { assertCan } from '../auth/policy.js';
import type { Service } from '../cell-db/service.js';
import { listServiceRows, serviceRowToService } from '../cell-db/service.repository.js';
import { unreachableCellsOf } from '../fanout/cell-outcome.js';
import { listHostMappingsOfCells } from '../registry/host-mapping.repository.js';
import { buildMinimalComputeService } from '../minimal-construct/minimal-service.js';
import type { ServiceConnectionModel } from './connection.js';
import type { ListContext } from './list-context.js';
import { readApiDatabase } from './read-api-database.js';

/** The `services` query's arguments. */
export interface ServiceListArgs {
  readonly filter?:
    | { readonly binary?: string | null | undefined; readonly host?: string | null | undefined }
    | null
    | undefined;
}

/**
 * Lists services of every cell (admin only), cell by cell in registration order (Nova's `service_get_all`).
 *
 * An unreachable cell contributes one minimal `compute` service per host mapping, at its cell's place; its other
 * services are skipped. The filters apply to the constructs too. Never fails for a down cell.
 */
export async function listServices(
  ctx: ListContext,
  args: ServiceListArgs,
  serviceDownTimeS: number,
): Promise<ServiceConnectionModel> {
  assertCan(ctx.viewer, 'Query.services');
  const binary = args.filter?.binary ?? undefined;
  const host = args.filter?.host ?? undefined;
  const outcomes = await ctx.fanout.scatterGather(ctx.cells, (db) => listServiceRows(db, { binary, host }));
  const unreachable = unreachableCellsOf(outcomes);
  const wantsComputes = binary === undefined || binary === 'compute';
  // Compute constructs come from the API database's host mappings: without it, the cell's services are skipped.
  const hostMappings =
    unreachable.length > 0 && wantsComputes
      ? await readApiDatabase(ctx, (api) =>
          listHostMappingsOfCells(
            api,
            unreachable.map((cell) => cell.id),
          ),
        ).then((read) => (read.status === 'read' ? read.value : []))
      : [];
  const now = Date.now();
  const nodes: Service[] = outcomes.flatMap((outcome) =>
    outcome.status === 'ok'
      ? outcome.value.map((row) => serviceRowToService(row, outcome.cell.name, serviceDownTimeS, now))
      : hostMappings
          .filter(
            (mapping) => mapping.cellId === outcome.cell.id && (host === undefined || mapping.host === host),
          )
          .map((mapping) => buildMinimalComputeService(mapping.host)),
  );
  return {
    nodes,
    partial: unreachable.length > 0,
    unreachableCells: unreachable.map((cell) => cell.name),
  };
}

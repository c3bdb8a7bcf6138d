import { assertCan, resolveProjectScope } from '../auth/policy.js';
import {
  findShareRow,
  selectShareList,
  shareRowToShare,
  type ShareFilter,
} from '../cell-db/share.repository.js';
import type { Share, ShareStatus } from '../cell-db/share.js';
import { buildMinimalShare } from '../minimal-construct/minimal-share.js';
import { emptyConnection, type Connection } from './connection.js';
import type { ListContext } from './list-context.js';
import { listWithDownCellRules } from './list-with-down-cell-rules.js';
import { resolvePageSize } from './page-size.js';
import { resolveMappedMarker } from './resolve-marker.js';
import { cacheKey } from '../util/cache-key.js';
import { orUndefined } from '../util/or-undefined.js';
import { resolveSort, type SortableColumns, type SortRequest } from './sort-spec.js';

export type ShareSortKey = 'CREATED_AT' | 'NAME' | 'SIZE' | 'STATUS' | 'ID';

/** The `shares` query's arguments. */
export interface ShareListArgs {
  readonly filter?:
    | {
        readonly name?: string | null | undefined;
        readonly status?: ShareStatus | null | undefined;
        readonly shareType?: string | null | undefined;
        readonly shareNetworkId?: string | null | undefined;
        readonly projectId?: string | null | undefined;
        readonly host?: string | null | undefined;
        readonly availabilityZone?: string | null | undefined;
        readonly shareProto?: string | null | undefined;
      }
    | null
    | undefined;
  readonly sort?: readonly SortRequest<ShareSortKey>[] | null | undefined;
  readonly first?: number | null | undefined;
  readonly after?: string | null | undefined;
  readonly allProjects?: boolean | null | undefined;
}

/** How shares sort: GraphQL keys → `shares` columns; default `CREATED_AT DESC, ID DESC`. */
export const SHARE_SORT: SortableColumns<ShareSortKey> = {
  columns: { CREATED_AT: 'created_at', NAME: 'name', SIZE: 'size', STATUS: 'status', ID: 'uuid' },
  idKey: 'ID',
  defaults: [{ key: 'CREATED_AT', direction: 'DESC' }],
};

/**
 * Lists shares across every cell, with the same paging, scoping and down-cell rules as servers
 * (`listWithDownCellRules`).
 */
export async function listShares(ctx: ListContext, args: ShareListArgs): Promise<Connection<Share>> {
  const filter = args.filter ?? {};
  if (filter.host !== null && filter.host !== undefined) assertCan(ctx.viewer, 'filter-by-host');
  const scope = resolveProjectScope(ctx.viewer, args.allProjects, filter.projectId);
  const keys = resolveSort(args.sort, SHARE_SORT);
  const limit = resolvePageSize(args.first, ctx.maxLimit);
  if (!scope) return emptyConnection(ctx.viewer.isAdmin);
  const after = args.after
    ? await resolveMappedMarker(ctx, {
        resourceType: 'share',
        marker: args.after,
        projectId: scope.projectId,
        keys,
        findFn: findShareRow,
      })
    : null;
  const shareFilter = toShareFilter(filter);
  return listWithDownCellRules(ctx, {
    args,
    keys,
    limit,
    resourceType: 'share',
    projectId: scope.projectId,
    marker: after,
    fetch: (fetchLimit, afterValues) =>
      ctx.statements.read(
        cacheKey(['shares', scope.projectId, shareFilter, keys, afterValues, fetchLimit]),
        (db) =>
          selectShareList(db, {
            projectId: scope.projectId,
            filter: shareFilter,
            keys,
            after: afterValues,
            limit: fetchLimit,
          }),
      ),
    toNode: (row, cell) => shareRowToShare(row, cell.uuid),
    toConstruct: buildMinimalShare,
  });
}

function toShareFilter(filter: NonNullable<ShareListArgs['filter']>): ShareFilter {
  return {
    name: orUndefined(filter.name),
    status: orUndefined(filter.status),
    shareType: orUndefined(filter.shareType),
    shareNetworkId: orUndefined(filter.shareNetworkId),
    host: orUndefined(filter.host),
    availabilityZone: orUndefined(filter.availabilityZone),
    shareProto: orUndefined(filter.shareProto),
  };
}

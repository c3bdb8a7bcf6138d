import { assertCan, resolveProjectScope } from '../auth/policy.js';
import {
  findInstanceRow,
  instanceRowToServer,
  selectInstanceList,
  type InstanceFilter,
} from '../cell-db/instance.repository.js';
import type { Server } from '../cell-db/server.js';
import { vmStatesForStatus, type ServerStatus } from '../cell-db/server-status.js';
import { buildMinimalServer } from '../minimal-construct/minimal-server.js';
import { emptyConnection, type Connection } from './connection.js';
import { listWithDownCellRules } from './list-with-down-cell-rules.js';
import type { ListContext } from './list-context.js';
import { resolvePageSize } from './page-size.js';
import { resolveMappedMarker } from './resolve-marker.js';
import { cacheKey } from '../util/cache-key.js';
import { orUndefined } from '../util/or-undefined.js';
import { resolveSort, type SortableColumns, type SortRequest } from './sort-spec.js';

export type ServerSortKey = 'CREATED_AT' | 'UPDATED_AT' | 'NAME' | 'STATUS' | 'ID' | 'AVAILABILITY_ZONE';

/** The `servers` query's arguments. */
export interface ServerListArgs {
  readonly filter?:
    | {
        readonly name?: string | null | undefined;
        readonly status?: ServerStatus | null | undefined;
        readonly projectId?: string | null | undefined;
        readonly userId?: string | null | undefined;
        readonly host?: string | null | undefined;
        readonly availabilityZone?: string | null | undefined;
        readonly flavor?: string | null | undefined;
        readonly image?: string | null | undefined;
        readonly changesSince?: Date | null | undefined;
        readonly deleted?: boolean | null | undefined;
      }
    | null
    | undefined;
  readonly sort?: readonly SortRequest<ServerSortKey>[] | null | undefined;
  readonly first?: number | null | undefined;
  readonly after?: string | null | undefined;
  readonly allProjects?: boolean | null | undefined;
}

/**
 * How servers sort: GraphQL keys → `instances` columns; default `CREATED_AT DESC, ID DESC` (CONTRACT section 4);
 * an explicit sort without `ID` ends with `ID ASC`, as Nova always appends `uuid asc`.
 */
export const SERVER_SORT: SortableColumns<ServerSortKey> = {
  columns: {
    CREATED_AT: 'created_at',
    UPDATED_AT: 'updated_at',
    NAME: 'display_name',
    STATUS: 'vm_state',
    ID: 'uuid',
    AVAILABILITY_ZONE: 'availability_zone',
  },
  idKey: 'ID',
  defaults: [{ key: 'CREATED_AT', direction: 'DESC' }],
  explicitSortIdDirection: 'asc',
};

/**
 * Lists servers across every cell (CONTRACT section 4 and 5): filters and scope in SQL, one query per cell,
 * merged by the sort keys and paged by marker; unreachable cells by Nova's down-cell rules.
 *
 * Throws `FORBIDDEN` for admin-only arguments of members, `BAD_USER_INPUT` for bad paging or an unknown marker,
 * `CELL_UNAVAILABLE` for a marker in an unreachable cell (or any unreachable cell when skipping is off).
 */
export async function listServers(ctx: ListContext, args: ServerListArgs): Promise<Connection<Server>> {
  const filter = args.filter ?? {};
  if (filter.host !== null && filter.host !== undefined) assertCan(ctx.viewer, 'filter-by-host');
  if (filter.deleted === true) assertCan(ctx.viewer, 'filter-deleted');
  const scope = resolveProjectScope(ctx.viewer, args.allProjects, filter.projectId);
  const keys = resolveSort(args.sort, SERVER_SORT);
  const limit = resolvePageSize(args.first, ctx.maxLimit);
  if (!scope) return emptyConnection(ctx.viewer.isAdmin);
  const after = args.after
    ? await resolveMappedMarker(ctx, {
        resourceType: 'server',
        marker: args.after,
        projectId: scope.projectId,
        keys,
        findFn: findInstanceRow,
      })
    : null;
  const instanceFilter = toInstanceFilter(filter);
  return listWithDownCellRules(ctx, {
    args,
    keys,
    limit,
    resourceType: 'server',
    projectId: scope.projectId,
    marker: after,
    fetch: (fetchLimit, afterValues) =>
      ctx.statements.read(
        cacheKey(['instances', scope.projectId, instanceFilter, keys, afterValues, fetchLimit]),
        (db) =>
          selectInstanceList(db, {
            projectId: scope.projectId,
            filter: instanceFilter,
            keys,
            after: afterValues,
            limit: fetchLimit,
          }),
      ),
    toNode: (row, cell) => instanceRowToServer(row, cell.uuid),
    toConstruct: buildMinimalServer,
  });
}

function toInstanceFilter(filter: NonNullable<ServerListArgs['filter']>): InstanceFilter {
  return {
    name: orUndefined(filter.name),
    vmStates: filter.status ? vmStatesForStatus(filter.status) : undefined,
    userId: orUndefined(filter.userId),
    host: orUndefined(filter.host),
    availabilityZone: orUndefined(filter.availabilityZone),
    flavorName: orUndefined(filter.flavor),
    image: orUndefined(filter.image),
    changesSince: orUndefined(filter.changesSince),
    // Nova's `changes-since` lists deleted servers too unless `deleted` is given (servers.py `_get_servers`).
    deleted: filter.deleted ?? (filter.changesSince ? undefined : false),
  };
}

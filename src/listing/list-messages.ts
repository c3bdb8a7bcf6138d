import { assertCan, resolveProjectScope } from '../auth/policy.js';
import { compiledOnce } from '../cell-db/compiled-once.repository.js';
import type { Message } from '../cell-db/message.js';
import { messageRowToMessage, selectMessageList, type MessageFilter } from '../cell-db/message.repository.js';
import { ErrorCode } from '../errors/error-codes.js';
import { GatewayError } from '../errors/gateway-error.js';
import { unreachableCellsOf } from '../fanout/cell-outcome.js';
import type { ResourceTypeName } from '../resource/resource-kind.js';
import type { SortValue } from '../util/compare-values.js';
import type { SortKey } from '../database/keyset.js';
import { cellUnavailableError } from './cell-unavailable.js';
import { emptyConnection, type Connection } from './connection.js';
import { findMessage } from './find-message.js';
import { listAcrossCells } from './list-across-cells.js';
import type { ListContext } from './list-context.js';
import { resolvePageSize } from './page-size.js';
import { orUndefined } from '../util/or-undefined.js';
import { resolveSort, type SortableColumns, type SortRequest } from './sort-spec.js';

export type MessageSortKey =
  | 'CREATED_AT'
  | 'EXPIRES_AT'
  | 'RESOURCE_TYPE'
  | 'EVENT_ID'
  | 'ACTION_ID'
  | 'DETAIL_ID'
  | 'MESSAGE_LEVEL'
  | 'ID';

/** The `messages` query's arguments. */
export interface MessageListArgs {
  readonly filter?:
    | {
        readonly resourceType?: ResourceTypeName | null | undefined;
        readonly resourceId?: string | null | undefined;
        readonly actionId?: string | null | undefined;
        readonly detailId?: string | null | undefined;
        readonly eventId?: string | null | undefined;
        readonly messageLevel?: 'ERROR' | null | undefined;
        readonly requestId?: string | null | undefined;
        readonly projectId?: string | null | undefined;
        readonly createdSince?: Date | null | undefined;
        readonly createdBefore?: Date | null | undefined;
      }
    | null
    | undefined;
  readonly sort?: readonly SortRequest<MessageSortKey>[] | null | undefined;
  readonly first?: number | null | undefined;
  readonly after?: string | null | undefined;
  readonly allProjects?: boolean | null | undefined;
}

/** How messages sort; EVENT_ID is `<resource type>_<action>_<detail>`, so it sorts by those three columns. */
export const MESSAGE_SORT: SortableColumns<MessageSortKey> = {
  columns: {
    CREATED_AT: 'created_at',
    EXPIRES_AT: 'expires_at',
    RESOURCE_TYPE: 'resource_type',
    EVENT_ID: ['resource_type', 'action_id', 'detail_id'],
    ACTION_ID: 'action_id',
    DETAIL_ID: 'detail_id',
    MESSAGE_LEVEL: 'message_level',
    ID: 'id',
  },
  idKey: 'ID',
  defaults: [{ key: 'CREATED_AT', direction: 'DESC' }],
};

/**
 * Lists user messages of every cell, cell0 included (Cinder's and Manila's message list): filters in SQL, expired
 * messages never returned, members scoped to their own project (unlike Cinder's list query, which is not), one
 * query per cell, merged by the sort keys and paged by marker.
 *
 * Unreachable cells are skipped and reported (`partial`); a marker is found by asking every cell, so a marker
 * that no answering cell holds is `CELL_UNAVAILABLE` when some cell did not answer, else `BAD_USER_INPUT`.
 */
export async function listMessages(
  ctx: ListContext,
  args: MessageListArgs,
  now = new Date(),
): Promise<Connection<Message>> {
  const filter = args.filter ?? {};
  if (filter.projectId !== null && filter.projectId !== undefined) assertCan(ctx.viewer, 'filter-by-project');
  const scope = resolveProjectScope(ctx.viewer, args.allProjects, filter.projectId);
  const keys = resolveSort(args.sort, MESSAGE_SORT);
  const limit = resolvePageSize(args.first, ctx.maxLimit);
  if (!scope) return emptyConnection(ctx.viewer.isAdmin);
  const messageFilter = toMessageFilter(filter);
  if (!messageFilter) return emptyConnection(ctx.viewer.isAdmin);
  const after = args.after ? await resolveMessageMarker(ctx, args.after, scope.projectId, keys) : null;
  const page = await listAcrossCells({
    fanout: ctx.fanout,
    metrics: ctx.metrics,
    // Every cell, not only the project's (`cellsOfScope`): messages have no mappings in the API database, so no
    // table says which cells hold a project's messages.
    cells: ctx.cells,
    keys,
    limit,
    marker: after,
    fetch: (fetchLimit, afterValues) =>
      compiledOnce((db) =>
        selectMessageList(db, {
          projectId: scope.projectId,
          filter: messageFilter,
          now,
          keys,
          after: afterValues,
          limit: fetchLimit,
        }),
      ),
  });
  const unreachable = unreachableCellsOf(page.outcomes);
  if (unreachable.length > 0 && !ctx.isSkippingDownCells) {
    throw cellUnavailableError(
      ctx.viewer,
      'Some cells did not answer, and this list may not skip them.',
      unreachable,
    );
  }
  return {
    nodes: page.rows.map(({ row, cell }) => messageRowToMessage(row, cell.uuid)),
    hasNextPage: page.hasMore,
    partial: unreachable.length > 0,
    unreachableCells: ctx.viewer.isAdmin ? unreachable.map((cell) => cell.name) : null,
  };
}

async function resolveMessageMarker(
  ctx: ListContext,
  marker: string,
  projectId: string | null,
  keys: readonly SortKey[],
): Promise<SortValue[]> {
  const lookup = await findMessage(ctx, marker);
  if (lookup.found && (projectId === null || lookup.found.row.project_id === projectId)) {
    const row = lookup.found.row as unknown as Record<string, SortValue>;
    return keys.map((key) => row[key.column] ?? null);
  }
  if (lookup.unreachable.length > 0) {
    throw cellUnavailableError(ctx.viewer, `The cell that may hold marker "${marker}" did not answer.`, [
      ...lookup.unreachable,
    ]);
  }
  throw new GatewayError(ErrorCode.BadUserInput, `Marker "${marker}" was not found.`, {
    extensions: { field: 'after' },
  });
}

/** The column filters of a message list, or `undefined` when the filter can match nothing (a malformed eventId). */
function toMessageFilter(filter: NonNullable<MessageListArgs['filter']>): MessageFilter | undefined {
  let resourceType: string | undefined = orUndefined(filter.resourceType);
  let actionId = orUndefined(filter.actionId);
  let detailId = orUndefined(filter.detailId);
  if (filter.eventId !== null && filter.eventId !== undefined) {
    const parts = /^([A-Z_]+)_(\d{3})_(\d{3})$/.exec(filter.eventId);
    if (!parts) return undefined;
    const [, type, action, detail] = parts as unknown as [string, string, string, string];
    if (
      (resourceType ?? type) !== type ||
      (actionId ?? action) !== action ||
      (detailId ?? detail) !== detail
    ) {
      return undefined;
    }
    resourceType = type;
    actionId = action;
    detailId = detail;
  }
  return {
    resourceType,
    resourceId: orUndefined(filter.resourceId),
    actionId,
    detailId,
    messageLevel: orUndefined(filter.messageLevel),
    requestId: orUndefined(filter.requestId),
    createdSince: orUndefined(filter.createdSince),
    createdBefore: orUndefined(filter.createdBefore),
  };
}

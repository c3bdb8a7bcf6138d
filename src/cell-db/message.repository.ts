import type { Kysely, Selectable } from 'kysely';

import { afterPredicate, predicateToSql, type SortKey } from '../database/keyset.js';
import type { SortValue } from '../util/compare-values.js';
import type { CellDatabase, MessagesTable } from './cell-database.js';
import type { Message } from './message.js';

/** A row of `messages`. */
export type MessageRow = Selectable<MessagesTable>;

/** Filters of a message list, by column. */
export interface MessageFilter {
  readonly resourceType?: string | undefined;
  readonly resourceId?: string | undefined;
  readonly actionId?: string | undefined;
  readonly detailId?: string | undefined;
  readonly messageLevel?: string | undefined;
  readonly requestId?: string | undefined;
  /** Inclusive. */
  readonly createdSince?: Date | undefined;
  /** Inclusive. */
  readonly createdBefore?: Date | undefined;
}

/** One cell's part of a message list. */
export interface MessageListQuery {
  readonly projectId: string | null;
  readonly filter: MessageFilter;
  /** Messages with `expires_at < now` are expired and never listed. */
  readonly now: Date;
  readonly keys: readonly SortKey[];
  readonly after: readonly SortValue[] | null;
  readonly limit: number;
}

/**
 * Lists live, unexpired messages of one cell: filters, keyset seek, order, limit; one statement.
 *
 * Not executed: a list compiles it once for all the cells asked the same batch (`compiled-once.repository.ts`).
 */
export function selectMessageList(db: Kysely<CellDatabase>, query: MessageListQuery) {
  const { filter } = query;
  let select = db
    .selectFrom('messages')
    .selectAll()
    .where('deleted', '=', 0)
    .where('expires_at', '>=', query.now);
  if (query.projectId !== null) select = select.where('project_id', '=', query.projectId);
  if (filter.resourceType !== undefined) select = select.where('resource_type', '=', filter.resourceType);
  if (filter.resourceId !== undefined) select = select.where('resource_id', '=', filter.resourceId);
  if (filter.actionId !== undefined) select = select.where('action_id', '=', filter.actionId);
  if (filter.detailId !== undefined) select = select.where('detail_id', '=', filter.detailId);
  if (filter.messageLevel !== undefined) select = select.where('message_level', '=', filter.messageLevel);
  if (filter.requestId !== undefined) select = select.where('request_id', '=', filter.requestId);
  if (filter.createdSince !== undefined) select = select.where('created_at', '>=', filter.createdSince);
  if (filter.createdBefore !== undefined) select = select.where('created_at', '<=', filter.createdBefore);
  if (query.after !== null) select = select.where(predicateToSql(afterPredicate(query.keys, query.after)));
  for (const key of query.keys)
    select = select.orderBy(key.column as keyof MessageRow & string, key.direction);
  return select.limit(query.limit);
}

/** One message by id in this cell, deleted and expired ones included (for markers), or `undefined`. */
export async function findMessageRow(db: Kysely<CellDatabase>, id: string): Promise<MessageRow | undefined> {
  return db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The live, unexpired messages about `resourceIds` in this cell, newest first (one statement per batch). */
export async function listMessageRowsOfResources(
  db: Kysely<CellDatabase>,
  query: { readonly resourceIds: readonly string[]; readonly projectId: string | null; readonly now: Date },
): Promise<MessageRow[]> {
  if (query.resourceIds.length === 0) return [];
  let select = db
    .selectFrom('messages')
    .selectAll()
    .where('resource_id', 'in', [...query.resourceIds])
    .where('deleted', '=', 0)
    .where('expires_at', '>=', query.now);
  if (query.projectId !== null) select = select.where('project_id', '=', query.projectId);
  return select.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

/**
 * Soft-deletes the live messages among `ids` that belong to `projectId` (any project when `null`) and returns
 * the ids it deleted. Expired messages count as gone.
 */
export async function softDeleteMessages(
  db: Kysely<CellDatabase>,
  query: { readonly ids: readonly string[]; readonly projectId: string | null; readonly now: Date },
): Promise<string[]> {
  if (query.ids.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    let select = trx
      .selectFrom('messages')
      .select('id')
      .where('id', 'in', [...query.ids])
      .where('deleted', '=', 0)
      .where('expires_at', '>=', query.now)
      .forUpdate();
    if (query.projectId !== null) select = select.where('project_id', '=', query.projectId);
    const found = (await select.execute()).map((row) => row.id);
    if (found.length > 0) {
      await trx
        .updateTable('messages')
        .set({ deleted: true, deleted_at: query.now, updated_at: query.now })
        .where('id', 'in', found)
        .execute();
    }
    return found;
  });
}

/** Stores one message row. */
export async function insertMessageRow(
  db: Kysely<CellDatabase>,
  row: Omit<MessageRow, 'updated_at' | 'deleted_at' | 'deleted'>,
): Promise<void> {
  await db
    .insertInto('messages')
    .values({ ...row, deleted: false })
    .execute();
}

/**
 * Hard-deletes at most `limit` messages that expired before `now` (`expires_at < now`, Cinder's strict `<`), oldest
 * first, in one statement; resolves to the number deleted.
 */
export async function deleteExpiredMessages(
  db: Kysely<CellDatabase>,
  now: Date,
  limit: number,
): Promise<number> {
  const result = await db
    .deleteFrom('messages')
    .where('expires_at', '<', now)
    .orderBy('expires_at')
    .limit(limit)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The message that `row` of `cellUuid` describes. */
export function messageRowToMessage(row: MessageRow, cellUuid: string): Message {
  return {
    id: row.id,
    resourceType: row.resource_type as Message['resourceType'],
    resourceId: row.resource_id,
    actionId: row.action_id,
    detailId: row.detail_id,
    messageLevel: row.message_level as Message['messageLevel'],
    requestId: row.request_id,
    projectId: row.project_id,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    cellUuid,
  };
}

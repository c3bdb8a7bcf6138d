import type { Message } from '../cell-db/message.js';
import type { Server } from '../cell-db/server.js';
import type { Service } from '../cell-db/service.js';
import type { Share } from '../cell-db/share.js';

/**
 * One page of a list across cells, before GraphQL shapes it into `nodes`, `edges` and `pageInfo`.
 *
 * `partial`: some cell that may hold results did not answer. `unreachableCells`: their names, or `null` when the
 * viewer may not see cell names (members).
 */
export interface Connection<T extends { readonly id: string }> {
  readonly nodes: readonly T[];
  readonly hasNextPage: boolean;
  readonly partial: boolean;
  readonly unreachableCells: readonly string[] | null;
}

export type ServerConnectionModel = Connection<Server>;
export type ShareConnectionModel = Connection<Share>;
export type MessageConnectionModel = Connection<Message>;

/** The services of every cell; services have no paging. */
export interface ServiceConnectionModel {
  readonly nodes: readonly Service[];
  readonly partial: boolean;
  readonly unreachableCells: readonly string[] | null;
}

/** An empty page (for an empty scope). */
export function emptyConnection<T extends { readonly id: string }>(isAdmin: boolean): Connection<T> {
  return { nodes: [], hasNextPage: false, partial: false, unreachableCells: isAdmin ? [] : null };
}

/**
 * The operations the Event Viewer sends to `POST /graphql`, and the shapes of their answers.
 *
 * A unit test validates every document here against `schema/schema.graphql`, so a renamed field fails `npm test`.
 */

/** A message row of the table (CONTRACT section 4, `Message`). */
export interface MessageNode {
  readonly id: string;
  readonly projectId: string | null;
  readonly eventId: string;
  readonly resourceType: ResourceType;
  readonly resourceId: string | null;
  readonly requestId: string | null;
  readonly messageLevel: MessageLevel;
  readonly createdAt: string | null;
  readonly userMessage: string;
}

export type ResourceType = 'SERVER' | 'SHARE';
export type MessageLevel = 'ERROR';

/** A page of a connection, with the contract's partial-answer report. */
export interface MessagePage {
  readonly nodes: readonly MessageNode[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
  readonly partial: boolean;
  /** Names of the cells that did not answer; `null` for members. */
  readonly unreachableCells: readonly string[] | null;
}

const MESSAGE_FIELDS = `id projectId eventId resourceType resourceId requestId messageLevel createdAt userMessage`;

/** Variables `$filter`, `$first`, `$after`, `$allProjects`; newest first (the contract's default order). */
export const MESSAGES_QUERY = `query EventViewerMessages($filter: MessageFilter, $first: Int, $after: ID, $allProjects: Boolean) {
  messages(filter: $filter, first: $first, after: $after, allProjects: $allProjects) {
    nodes { ${MESSAGE_FIELDS} }
    pageInfo { hasNextPage endCursor }
    partial
    unreachableCells
  }
}`;
export interface MessagesAnswer {
  readonly messages: MessagePage;
}

/** Variables `$ids`; answers the ids that were deleted. */
export const DELETE_MESSAGES_MUTATION = `mutation EventViewerDeleteMessages($ids: [ID!]!) {
  deleteMessages(ids: $ids)
}`;
export interface DeleteMessagesAnswer {
  readonly deleteMessages: readonly string[];
}

/** A cell's health as the gateway sees it (CONTRACT section 4, `Cell`). */
export interface CellNode {
  readonly name: string;
  readonly availabilityZone: string | null;
  readonly state: 'UP' | 'DOWN';
  readonly breaker: 'CLOSED' | 'OPEN' | 'HALF_OPEN';
  readonly latencyMs: number | null;
  readonly lastError: string | null;
}

/** Admin only: members get `FORBIDDEN`, which is also how the page tells an admin from a member. */
export const CELLS_QUERY = `query EventViewerCells {
  cells { name availabilityZone state breaker latencyMs lastError }
}`;
export interface CellsAnswer {
  readonly cells: readonly CellNode[];
}

/** The fault of a server (`details` is `null` for members). */
export interface FaultNode {
  readonly code: number;
  readonly message: string;
  readonly details: string | null;
  readonly created: string;
}

/** What the detail panel shows of a server or a share. */
export interface ResourceNode {
  readonly id: string;
  readonly name: string | null;
  readonly status: string;
  readonly projectId: string | null;
  readonly fault?: FaultNode | null;
}

/**
 * One resource and every message about it. The messages come from `messages(filter: { resourceId })`, not from
 * the resource's own `messages` field, so that they still show after the resource was deleted.
 */
export const RESOURCE_QUERY = `query EventViewerResource($id: ID!, $resourceId: String!, $isServer: Boolean!, $allProjects: Boolean) {
  server(id: $id) @include(if: $isServer) { id name status projectId fault { code message details created } }
  share(id: $id) @skip(if: $isServer) { id name status projectId }
  messages(filter: { resourceId: $resourceId }, allProjects: $allProjects) {
    nodes { ${MESSAGE_FIELDS} }
    pageInfo { hasNextPage endCursor }
    partial
    unreachableCells
  }
}`;
export interface ResourceAnswer {
  readonly server?: ResourceNode | null;
  readonly share?: ResourceNode | null;
  readonly messages: MessagePage;
}

/** Every document of this file, for the schema validation test. */
export const OPERATIONS: readonly string[] = [
  MESSAGES_QUERY,
  DELETE_MESSAGES_MUTATION,
  CELLS_QUERY,
  RESOURCE_QUERY,
];

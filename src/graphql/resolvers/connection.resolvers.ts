import type { Connection } from '../../listing/connection.js';

/** Resolvers shared by every `XConnection`: edges and page info derived from the page's nodes. */
export function connectionResolvers<T extends { readonly id: string }>() {
  return {
    edges: (connection: Connection<T>) => connection.nodes.map((node) => ({ cursor: node.id, node })),
    pageInfo: (connection: Connection<T>) => ({
      hasNextPage: connection.hasNextPage,
      endCursor: connection.nodes.at(-1)?.id ?? null,
    }),
  };
}

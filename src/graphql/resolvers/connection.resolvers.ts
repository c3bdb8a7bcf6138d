import type { Service } from '../../cell-db/service.js';
import type { Connection, ServiceConnectionModel } from '../../listing/connection.js';

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

/** The cursor of a service: its id, or `compute@<host>` for the construct of an unreachable cell's compute host. */
function serviceCursor(service: Service): string {
  return service.id ?? `${service.binary}@${service.host}`;
}

/** `ServiceConnection`: one page holding every service. */
export const serviceConnectionResolvers = {
  edges: (connection: ServiceConnectionModel) =>
    connection.nodes.map((node) => ({ cursor: serviceCursor(node), node })),
  pageInfo: (connection: ServiceConnectionModel) => {
    const last = connection.nodes.at(-1);
    return { hasNextPage: false, endCursor: last ? serviceCursor(last) : null };
  },
};

import type { Server } from '../../cell-db/server.js';
import type { FaultResolvers, ServerResolvers } from '../generated/resolvers-types.js';
import { resourceLinks } from './links.js';
import { resourceMessages } from './resource-messages.js';

/** Nova shows a fault only for ERROR and DELETED servers, and never on a minimal construct. */
export function mayHaveFault(server: Server): boolean {
  return !server.isConstruct && (server.status === 'ERROR' || server.status === 'DELETED');
}

/** Fields of `Server` that are not plain properties of the model. */
export const serverResolvers: ServerResolvers = {
  host: (server, _args, ctx) => (ctx.viewer.isAdmin ? server.host : null),
  links: (server, _args, ctx) => resourceLinks(ctx.baseUrl, 'servers', server.id),
  fault: (server, _args, ctx) =>
    mayHaveFault(server)
      ? ctx.loaders.faultByServer.load({ cellUuid: server.cellUuid, id: server.id })
      : null,
  messages: (server, { first }, ctx) => resourceMessages(server, first, ctx),
};

/** `Fault.details` is for admins only, and `null` when empty (Nova leaves empty details out of the fault). */
export const faultResolvers: FaultResolvers = {
  details: (fault, _args, ctx) => (ctx.viewer.isAdmin && fault.details ? fault.details : null),
};

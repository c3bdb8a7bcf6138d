import { assertCan } from '../../auth/policy.js';
import { findInstanceRow, instanceRowToServer } from '../../cell-db/instance.repository.js';
import { findShareRow, shareRowToShare } from '../../cell-db/share.repository.js';
import { listMessages } from '../../listing/list-messages.js';
import { listServers } from '../../listing/list-servers.js';
import { listServices } from '../../listing/list-services.js';
import { listShares } from '../../listing/list-shares.js';
import { showMapped } from '../../listing/show-mapped.js';
import { showMessage } from '../../listing/show-message.js';
import { buildMinimalServer } from '../../minimal-construct/minimal-server.js';
import { buildMinimalShare } from '../../minimal-construct/minimal-share.js';
import type { QueryResolvers } from '../generated/resolvers-types.js';
import { selectsField } from '../selects-field.js';
import { mayHaveFault } from './server.resolvers.js';

/**
 * The root queries: each one delegates to `listing/` (lists, shows) or to the reference data's cache (`flavors`,
 * `shareTypes`, `shareNetworks`: `registry/reference-data-cache.ts`).
 */
export const queryResolvers: QueryResolvers = {
  servers: async (_root, args, ctx, info) => {
    const page = await listServers(ctx.list, args);
    // The page's faults in one query per cell now, rather than a DataLoader promise per server later.
    if (selectsField(info, ['nodes', 'fault']) || selectsField(info, ['edges', 'node', 'fault'])) {
      await ctx.loaders.faultByServer.prefetch(
        page.nodes.filter(mayHaveFault).map((server) => ({ cellUuid: server.cellUuid, id: server.id })),
      );
    }
    return page;
  },
  server: (_root, { id }, ctx) =>
    showMapped(ctx.list, {
      resourceType: 'server',
      id,
      findFn: findInstanceRow,
      // Nova shows a deleted server to no one by default; admins may still look it up here.
      isVisibleFn: (row) => row.deleted === 0 || ctx.viewer.isAdmin,
      toNode: (row, cell) => instanceRowToServer(row, cell.uuid),
      toConstruct: buildMinimalServer,
    }),
  shares: (_root, args, ctx) => listShares(ctx.list, args),
  share: (_root, { id }, ctx) =>
    showMapped(ctx.list, {
      resourceType: 'share',
      id,
      findFn: findShareRow,
      isVisibleFn: (row) => row.deleted === 0,
      toNode: (row, cell) => shareRowToShare(row, cell.uuid),
      toConstruct: buildMinimalShare,
    }),
  services: (_root, args, ctx) => listServices(ctx.list, args, ctx.services.config.workers.serviceDownTimeS),
  messages: (_root, args, ctx) => listMessages(ctx.list, args),
  message: (_root, { id }, ctx) => showMessage(ctx.list, id),
  // The reference data answers from its last copy, so it survives an outage of the API database.
  shareTypes: async (_root, _args, ctx) => [...(await ctx.services.reference.shareTypes())],
  shareNetworks: async (_root, _args, ctx) => [
    ...(await ctx.services.reference.shareNetworks(ctx.viewer.isAdmin ? null : ctx.viewer.projectId)),
  ],
  flavors: async (_root, _args, ctx) => [...(await ctx.services.reference.flavors())],
  cells: (_root, _args, ctx) => {
    assertCan(ctx.viewer, 'Query.cells');
    return ctx.services.health.report(ctx.list.cells);
  },
};

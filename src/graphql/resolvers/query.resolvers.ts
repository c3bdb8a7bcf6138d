import type { GraphQLResolveInfo } from 'graphql';

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
 * Whether the query selects `field` on the items of the connection being resolved (`nodes` or `edges.node`): the
 * list then fetches it for the whole page, one query per cell, before the items' fields resolve, instead of one
 * DataLoader promise per item (`CellGroupedLoader.prefetch`).
 */
function selectsOnNodes(info: GraphQLResolveInfo, field: string): boolean {
  return selectsField(info, ['nodes', field]) || selectsField(info, ['edges', 'node', field]);
}

/** The loader keys of a page's items; minimal constructs have no subfields to fetch. */
function keysOf(
  items: readonly { readonly id: string; readonly cellUuid: string; readonly isConstruct: boolean }[],
) {
  return items.filter((item) => !item.isConstruct).map((item) => ({ cellUuid: item.cellUuid, id: item.id }));
}

/**
 * The root queries: each one delegates to `listing/` (lists, shows) or to the reference data's cache (`flavors`,
 * `shareTypes`, `shareNetworks`: `registry/reference-data-cache.ts`).
 */
export const queryResolvers: QueryResolvers = {
  servers: async (_root, args, ctx, info) => {
    const page = await listServers(ctx.list, args);
    await Promise.all([
      selectsOnNodes(info, 'fault')
        ? ctx.loaders.faultByServer.prefetch(keysOf(page.nodes.filter(mayHaveFault)))
        : null,
      selectsOnNodes(info, 'messages') ? ctx.loaders.messagesByResource.prefetch(keysOf(page.nodes)) : null,
    ]);
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
  shares: async (_root, args, ctx, info) => {
    const page = await listShares(ctx.list, args);
    if (selectsOnNodes(info, 'messages')) await ctx.loaders.messagesByResource.prefetch(keysOf(page.nodes));
    return page;
  },
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

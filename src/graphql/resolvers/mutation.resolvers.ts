import { insertShareNetwork } from '../../registry/share-network.repository.js';
import { createServer } from '../../provisioning/create-server.js';
import { createShare } from '../../provisioning/create-share.js';
import { deleteMessages } from '../../provisioning/delete-messages.js';
import { deleteServer } from '../../provisioning/delete-server.js';
import { deleteShares } from '../../provisioning/delete-shares.js';
import { ensureShares } from '../../provisioning/ensure-shares.js';
import { optionalText, requiredText } from '../../provisioning/input-error.js';
import type { ProvisionContext } from '../../provisioning/provision-context.js';
import { withApiDatabase } from '../../provisioning/with-api-database.js';
import { ErrorCode } from '../../errors/error-codes.js';
import type { MutationResolvers } from '../generated/resolvers-types.js';
import type { RequestContext } from '../request-context.js';

function provisionContext(ctx: RequestContext): ProvisionContext {
  return { ...ctx.list, requestId: ctx.requestId, config: ctx.services.config, logger: ctx.services.logger };
}

/**
 * The mutations; each delegates to `provisioning/`. Every one but `deleteMessages` (messages live in the cells
 * only) needs the API database, and runs inside `withApiDatabase`: `API_DATABASE_UNAVAILABLE`, nothing written,
 * when it does not answer.
 */
export const mutationResolvers: MutationResolvers = {
  createServer: (_root, { input }, ctx) => {
    const provision = provisionContext(ctx);
    return withApiDatabase(provision, () => createServer(provision, input));
  },
  deleteServer: (_root, { id }, ctx) => {
    const provision = provisionContext(ctx);
    return withApiDatabase(provision, () => deleteServer(provision, id));
  },
  createShare: (_root, { input }, ctx) => {
    const provision = provisionContext(ctx);
    return withApiDatabase(provision, () => createShare(provision, input));
  },
  deleteShares: (_root, { ids }, ctx) => {
    const provision = provisionContext(ctx);
    return withApiDatabase(provision, () => deleteShares(provision, ids));
  },
  createShareNetwork: async (_root, { input }, ctx) => {
    const values = {
      name: optionalText('input.name', input.name) ?? null,
      neutronNetId: requiredText('input.neutronNetId', input.neutronNetId),
      neutronSubnetId: requiredText('input.neutronSubnetId', input.neutronSubnetId),
      projectId: ctx.viewer.projectId,
      userId: ctx.viewer.userId,
    };
    const network = await withApiDatabase(provisionContext(ctx), () =>
      ctx.services.apiHealth.write((api) => insertShareNetwork(api, values)),
    );
    // Its creator sees it at once in `shareNetworks`, which answers from the reference cache.
    ctx.services.reference.addShareNetwork(network);
    return network;
  },
  deleteMessages: async (_root, { ids }, ctx) => {
    const result = await deleteMessages(provisionContext(ctx), ids);
    if (result.notFound.length > 0) {
      // The deleted ids are the answer; the others are reported next to it, without a path (the field did not fail).
      ctx.extraErrors.push({
        message: `Messages ${result.notFound.map((id) => `"${id}"`).join(', ')} were not found.`,
        extensions: { code: ErrorCode.NotFound, ids: result.notFound },
      });
    }
    return result.deleted;
  },
  ensureShares: (_root, { host }, ctx) => {
    const provision = provisionContext(ctx);
    return withApiDatabase(provision, () => ensureShares(provision, host));
  },
};

import { insertShareNetwork } from '../../registry/share-network.repository.js';
import { createServer } from '../../provisioning/create-server.js';
import { createShare } from '../../provisioning/create-share.js';
import { deleteMessages } from '../../provisioning/delete-messages.js';
import { deleteServer } from '../../provisioning/delete-server.js';
import { deleteShares } from '../../provisioning/delete-shares.js';
import { ensureShares } from '../../provisioning/ensure-shares.js';
import { optionalText, requiredText } from '../../provisioning/input-error.js';
import type { ProvisionContext } from '../../provisioning/provision-context.js';
import { ErrorCode } from '../../errors/error-codes.js';
import type { MutationResolvers } from '../generated/resolvers-types.js';
import type { RequestContext } from '../request-context.js';

function provisionContext(ctx: RequestContext): ProvisionContext {
  return { ...ctx.list, requestId: ctx.requestId, config: ctx.services.config, logger: ctx.services.logger };
}

/** The mutations; each delegates to `provisioning/`. */
export const mutationResolvers: MutationResolvers = {
  createServer: (_root, { input }, ctx) => createServer(provisionContext(ctx), input),
  deleteServer: (_root, { id }, ctx) => deleteServer(provisionContext(ctx), id),
  createShare: (_root, { input }, ctx) => createShare(provisionContext(ctx), input),
  deleteShares: (_root, { ids }, ctx) => deleteShares(provisionContext(ctx), ids),
  createShareNetwork: async (_root, { input }, ctx) =>
    insertShareNetwork(ctx.services.api, {
      name: optionalText('input.name', input.name) ?? null,
      neutronNetId: requiredText('input.neutronNetId', input.neutronNetId),
      neutronSubnetId: requiredText('input.neutronSubnetId', input.neutronSubnetId),
      projectId: ctx.viewer.projectId,
      userId: ctx.viewer.userId,
    }),
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
  ensureShares: (_root, { host }, ctx) => ensureShares(provisionContext(ctx), host),
};

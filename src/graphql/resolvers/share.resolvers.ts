import type { ShareResolvers } from '../generated/resolvers-types.js';
import { resourceLinks } from './links.js';
import { resourceMessages } from './resource-messages.js';

/** Fields of `Share` that are not plain properties of the model. */
export const shareResolvers: ShareResolvers = {
  host: (share, _args, ctx) => (ctx.viewer.isAdmin ? share.host : null),
  shareType: (share, _args, ctx) =>
    share.shareTypeId ? ctx.loaders.shareTypeById.load(share.shareTypeId) : null,
  links: (share, _args, ctx) => resourceLinks(ctx.baseUrl, 'shares', share.id),
  messages: (share, { first }, ctx) => resourceMessages(share, first, ctx),
};

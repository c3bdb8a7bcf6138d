import type { ShareResolvers } from '../generated/resolvers-types.js';
import { firstOf } from './first-of.js';
import { resourceLinks } from './links.js';

/** Fields of `Share` that are not plain properties of the model. */
export const shareResolvers: ShareResolvers = {
  host: (share, _args, ctx) => (ctx.viewer.isAdmin ? share.host : null),
  shareType: (share, _args, ctx) =>
    share.shareTypeId ? ctx.loaders.shareTypeById.load(share.shareTypeId) : null,
  links: (share, _args, ctx) => resourceLinks(ctx.baseUrl, 'shares', share.id),
  messages: (share, { first }, ctx) => {
    if (share.isConstruct) return [];
    const messages = ctx.loaders.messagesByResource.load({ cellUuid: share.cellUuid, id: share.id });
    return messages instanceof Promise
      ? messages.then((all) => firstOf(all, first))
      : firstOf(messages, first);
  },
};

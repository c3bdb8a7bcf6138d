import { eventId, userMessageText } from '../../messages/catalogue.js';
import type { MessageResolvers } from '../generated/resolvers-types.js';
import { resourceLinks } from './links.js';

/** `Message` fields computed from the catalogue at read time (as Cinder and Manila do). */
export const messageResolvers: MessageResolvers = {
  // Spelled out so that the type checker holds the schema's `MessageResourceType` to every resource kind.
  resourceType: (message) => message.resourceType,
  userMessage: (message) => userMessageText(message.actionId, message.detailId),
  eventId: (message) => eventId(message.resourceType, message.actionId, message.detailId),
  links: (message, _args, ctx) => resourceLinks(ctx.baseUrl, 'messages', message.id),
};

import type { Message } from '../cell-db/message.js';
import type { Server } from '../cell-db/server.js';
import type { Share } from '../cell-db/share.js';
import { authorizeFields } from './authorize-fields.js';
import type { Resolvers } from './generated/resolvers-types.js';
import { connectionResolvers, serviceConnectionResolvers } from './resolvers/connection.resolvers.js';
import { messageResolvers } from './resolvers/message.resolvers.js';
import { mutationResolvers } from './resolvers/mutation.resolvers.js';
import { queryResolvers } from './resolvers/query.resolvers.js';
import { DateTimeScalar, JsonScalar } from './resolvers/scalars.resolvers.js';
import { faultResolvers, serverResolvers } from './resolvers/server.resolvers.js';
import { shareResolvers } from './resolvers/share.resolvers.js';

/**
 * Every resolver of the schema; types without an entry use graphql-js's default (property) resolvers. Every root
 * field is authorized by the policy table first.
 */
export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JsonScalar,
  Query: authorizeFields('Query', queryResolvers),
  Mutation: authorizeFields('Mutation', mutationResolvers),
  Server: serverResolvers,
  Fault: faultResolvers,
  Share: shareResolvers,
  Message: messageResolvers,
  ServerConnection: connectionResolvers<Server>(),
  ShareConnection: connectionResolvers<Share>(),
  MessageConnection: connectionResolvers<Message>(),
  ServiceConnection: serviceConnectionResolvers,
};

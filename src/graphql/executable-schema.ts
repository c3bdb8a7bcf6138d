import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';

import { resolvers } from './resolvers.js';
import { loadTypeDefs } from './type-defs.js';

/**
 * The gateway's executable schema: the SDL of `schema/*.graphql` with every resolver attached.
 *
 * Built with the same `makeExecutableSchema` (the same `@graphql-tools/schema` version) that Apollo Server 5 uses
 * for `typeDefs` and `resolvers`, so both executors (`GRAPHQL_EXECUTOR`) run exactly the schema Apollo would build.
 */
export function buildExecutableSchema(): GraphQLSchema {
  return makeExecutableSchema({ typeDefs: loadTypeDefs(), resolvers: resolvers as never });
}

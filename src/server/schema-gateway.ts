import { printSchema, type GraphQLSchema } from 'graphql';

import type { Gateway, GatewayExecutor } from './jit-executor.js';

/**
 * An Apollo Server 5 gateway (`GatewayInterface`) over our own executable schema: Apollo parses, validates and runs
 * every plugin as usual, and hands each validated operation to `executor` instead of graphql-js's `execute`.
 *
 * The schema never changes: `onSchemaLoadOrUpdate` calls back once, when Apollo loads the gateway at start
 * (Apollo reads the schema from that call before `load` returns), and `stop` has nothing to release.
 */
export function schemaGateway(schema: GraphQLSchema, executor: GatewayExecutor): Gateway {
  type Listener = Parameters<Gateway['onSchemaLoadOrUpdate']>[0];
  const listeners = new Set<Listener>();
  let coreSupergraphSdl: string | undefined;
  return {
    onSchemaLoadOrUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async load() {
      coreSupergraphSdl ??= printSchema(schema);
      for (const listener of listeners) listener({ apiSchema: schema, coreSupergraphSdl });
      return { executor };
    },
    async stop() {
      listeners.clear();
    },
  };
}

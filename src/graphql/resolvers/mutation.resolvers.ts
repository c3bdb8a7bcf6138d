import type { MutationResolvers } from '../generated/resolvers-types.js';

/** The mutations (filled in by the write path). */
export const mutationResolvers: MutationResolvers = {};

import { assertCan, isAction } from '../auth/policy.js';
import type { RequestContext } from './request-context.js';

type FieldResolver = (root: unknown, args: unknown, ctx: RequestContext, info: unknown) => unknown;

/**
 * The root resolvers of `kind`, each one first asking the policy table (`auth/policy.ts`) whether the viewer may
 * run it (`FORBIDDEN` otherwise, before anything is read or written).
 *
 * Throws at startup when a field has no row in the table, so a new query or mutation cannot ship without a
 * decision about who may run it.
 */
export function authorizeFields<R extends object>(kind: 'Query' | 'Mutation', resolvers: R): R {
  const authorized: Record<string, FieldResolver> = {};
  for (const [field, resolve] of Object.entries(resolvers) as [string, FieldResolver][]) {
    const action = `${kind}.${field}`;
    if (!isAction(action)) throw new Error(`The policy table (auth/policy.ts) has no row for ${action}.`);
    authorized[field] = (root, args, ctx, info) => {
      assertCan(ctx.viewer, action);
      return resolve(root, args, ctx, info);
    };
  }
  return authorized as R;
}

import type { Kysely } from 'kysely';

import { ApiDatabaseUnavailableError } from '../registry/api-database-health.js';
import type { ApiDatabase } from '../registry/api-database.js';
import type { ListContext } from './list-context.js';

/** What a read of the API database gave a read path: the value, or that the API database did not answer. */
export type ApiDatabaseRead<T> =
  | { readonly status: 'read'; readonly value: T }
  | { readonly status: 'unavailable'; readonly error: ApiDatabaseUnavailableError };

/**
 * Reads from the API database for a read path, under its health's read deadline (`ApiDatabaseHealth.read`).
 *
 * Never rejects because the API database is down or hangs: that is the `unavailable` outcome, and the caller falls
 * back (a lookup in every cell, or skipping the constructs). Any other error (a bug) rejects.
 */
export async function readApiDatabase<T>(
  ctx: ListContext,
  readFn: (api: Kysely<ApiDatabase>) => Promise<T>,
): Promise<ApiDatabaseRead<T>> {
  try {
    return { status: 'read', value: await ctx.apiHealth.read(readFn) };
  } catch (error) {
    if (error instanceof ApiDatabaseUnavailableError) return { status: 'unavailable', error };
    throw error;
  }
}

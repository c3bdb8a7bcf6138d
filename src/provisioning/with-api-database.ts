import { ErrorCode } from '../errors/error-codes.js';
import { GatewayError } from '../errors/gateway-error.js';
import { ApiDatabaseUnavailableError, isOutage } from '../registry/api-database-health.js';
import type { ProvisionContext } from './provision-context.js';

/**
 * Runs a mutation that needs the API database (creates, deletes, `ensureShares`, `createShareNetwork`): it starts
 * only once the API database answers (`ApiDatabaseHealth.require`: at once when it is known to be down, else a
 * `select 1`), and an API database that stops answering part-way makes it `API_DATABASE_UNAVAILABLE`.
 *
 * Nothing is written then: the check comes before any write, every create reads the API database (flavor, image,
 * share type) before it writes its cell, and `placeResource` deletes the cell row again when the API write fails
 * (CONTRACT section 3). Cells that do not answer are outcomes (`CELL_UNAVAILABLE`), never a rejection, so an outage
 * error that reaches this point came from the API database. Other errors pass through unchanged.
 */
export async function withApiDatabase<T>(ctx: ProvisionContext, fn: () => Promise<T>): Promise<T> {
  try {
    await ctx.apiHealth.require();
    return await fn();
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    if (error instanceof ApiDatabaseUnavailableError || isOutage(error)) {
      if (!(error instanceof ApiDatabaseUnavailableError)) ctx.apiHealth.recordOutage(error);
      throw new GatewayError(
        ErrorCode.ApiDatabaseUnavailable,
        'The API database did not answer; nothing was written.',
        { cause: error },
      );
    }
    throw error;
  }
}

import { ErrorCode } from '../errors/error-codes.js';
import { GatewayError } from '../errors/gateway-error.js';

/**
 * The page size of a list: `first` clamped to `maxLimit`, or `maxLimit` when absent (Nova's `max_limit`).
 *
 * Throws `BAD_USER_INPUT` for a negative `first`.
 */
export function resolvePageSize(first: number | null | undefined, maxLimit: number): number {
  if (first === null || first === undefined) return maxLimit;
  if (first < 0) {
    throw new GatewayError(ErrorCode.BadUserInput, `first must be zero or more, got ${first}.`, {
      extensions: { field: 'first' },
    });
  }
  return Math.min(first, maxLimit);
}

import { ErrorCode } from '../errors/error-codes.js';
import { GatewayError } from '../errors/gateway-error.js';

/** A `BAD_USER_INPUT` that names the offending field in `extensions.field`. */
export function inputError(field: string, message: string): GatewayError {
  return new GatewayError(ErrorCode.BadUserInput, message, { extensions: { field } });
}

/** A `NOT_FOUND` about one resource. */
export function notFoundError(what: string, id: string): GatewayError {
  return new GatewayError(ErrorCode.NotFound, `${what} "${id}" was not found.`);
}

/** Trims `value` and checks it is 1..`maxLength` characters; `undefined` when absent. */
export function optionalText(
  field: string,
  value: string | null | undefined,
  maxLength = 255,
): string | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed.length === 0) throw inputError(field, `${field} must not be empty.`);
  if (trimmed.length > maxLength)
    throw inputError(field, `${field} must be at most ${maxLength} characters.`);
  return trimmed;
}

/** Like `optionalText`, for a required field. */
export function requiredText(field: string, value: string | null | undefined, maxLength = 255): string {
  const text = optionalText(field, value, maxLength);
  if (text === undefined) throw inputError(field, `${field} is required.`);
  return text;
}

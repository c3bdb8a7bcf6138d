import { ErrorCode } from '../errors/error-codes.js';
import { GatewayError } from '../errors/gateway-error.js';

/**
 * The `GatewayError` a client gets for an error raised before GraphQL runs, by Fastify (its `FST_ERR_*` errors
 * carry a 4xx `statusCode`) or thrown by a route:
 *
 *   - a body over the limit: `PAYLOAD_TOO_LARGE` (413), naming the limit in bytes (`MAX_REQUEST_BODY_BYTES`);
 *   - any other 4xx (malformed JSON, an unsupported media type): `BAD_REQUEST`, with Fastify's status;
 *   - anything else: `INTERNAL_SERVER_ERROR` (500), its message never shown.
 */
export function httpLevelError(error: unknown, maxRequestBodyBytes: number): GatewayError {
  if (error instanceof GatewayError) return error;
  const { code, statusCode } = (error ?? {}) as { code?: unknown; statusCode?: unknown };
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new GatewayError(
      ErrorCode.PayloadTooLarge,
      `The request body is larger than the limit of ${maxRequestBodyBytes} bytes.`,
      { cause: error },
    );
  }
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return new GatewayError(ErrorCode.BadRequest, 'The request is malformed.', {
      cause: error,
      httpStatus: statusCode,
    });
  }
  return new GatewayError(ErrorCode.Internal, 'Internal server error.', { cause: error });
}

import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';

import { ErrorCode } from '../errors/error-codes.js';
import { GatewayError } from '../errors/gateway-error.js';

/** Apollo's own codes for malformed requests, whose messages are safe to show. */
const APOLLO_CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** graphql-js's refusal of a document over `maxTokens` (16.x spells it "more that"). */
const TOKEN_LIMIT = /^Syntax Error: Document contains more (?:that|than) (\d+) tokens\. Parsing aborted\.$/;

/**
 * The single funnel from any error to client JSON (Apollo's `formatError`).
 *
 * A `GatewayError` keeps its message and extensions; Apollo's parse, validation and input errors keep theirs,
 * except the parser's token limit (`MAX_QUERY_TOKENS`), which becomes `QUERY_TOO_COMPLEX` like every other limit;
 * anything else becomes `INTERNAL_SERVER_ERROR` with a generic message (`response-extensions.ts` logs the original
 * with the request id). Never a stack trace, SQL text or hostname. Must not throw.
 */
export function createFormatError() {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    try {
      const original = unwrapResolverError(error);
      const where = {
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        ...(formatted.path ? { path: formatted.path } : {}),
      };
      if (original instanceof GatewayError) {
        return { message: original.message, ...where, extensions: { ...original.extensions } };
      }
      const code = formatted.extensions?.['code'];
      const tokenLimit = code === 'GRAPHQL_PARSE_FAILED' ? TOKEN_LIMIT.exec(formatted.message) : null;
      if (tokenLimit) {
        const limit = Number(tokenLimit[1]);
        return {
          message: `The query has more than ${limit} tokens; the limit is ${limit} (MAX_QUERY_TOKENS).`,
          ...where,
          extensions: { code: ErrorCode.QueryTooComplex, limit, figure: limit + 1 },
        };
      }
      if (typeof code === 'string' && APOLLO_CLIENT_CODES.has(code)) {
        const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
        return { message: formatted.message, ...where, extensions };
      }
      return { message: 'Internal server error.', ...where, extensions: { code: ErrorCode.Internal } };
    } catch {
      return { message: 'Internal server error.', extensions: { code: ErrorCode.Internal } };
    }
  };
}

/** Whether an error reaches clients as it is (a `GatewayError` or one of Apollo's client errors). */
export function isClientError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof GatewayError) return true;
  const code = (error as { extensions?: Record<string, unknown> }).extensions?.['code'];
  return typeof code === 'string' && APOLLO_CLIENT_CODES.has(code);
}

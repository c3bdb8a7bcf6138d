import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { FastifyReply } from 'fastify';

import { ERROR_CODES, ErrorCode, isClientErrorCode } from '../errors/error-codes.js';
import { GatewayError } from '../errors/gateway-error.js';

/** What a client reads instead of the message of an error whose message is not exposed. */
const INTERNAL_MESSAGE = 'Internal server error.';

/** The body of an answer that carries errors only. */
export interface ErrorBody {
  readonly errors: readonly GraphQLFormattedError[];
  readonly extensions: { readonly requestId: string };
}

/** graphql-js's refusal of a document over `maxTokens` (16.x spells it "more that"). */
const TOKEN_LIMIT = /^Syntax Error: Document contains more (?:that|than) (\d+) tokens\. Parsing aborted\.$/;

/**
 * The single funnel from any error to client JSON, driven by the `ERROR_CODES` catalogue: Apollo's `formatError`
 * for every GraphQL error, and `sendError` for the errors answered before GraphQL runs.
 *
 * A `GatewayError` keeps its message and extensions when its code's message is exposed; an error raised by Apollo
 * (parse, validation, CSRF and other request errors) keeps its own when its code is one Apollo raises, except the
 * parser's token limit (`MAX_QUERY_TOKENS`), which becomes `QUERY_TOO_COMPLEX` like every other limit; anything
 * else becomes `INTERNAL_SERVER_ERROR` with a generic message (`response-extensions.ts` logs the original with the
 * request id). `extensions.http` (the status seam) never reaches the client, nor a stack trace, SQL text or
 * hostname. Must not throw.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  try {
    const where = {
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
    };
    const original = tokenLimitError(formatted) ?? unwrapResolverError(error);
    const source =
      original instanceof GatewayError
        ? { message: original.message, extensions: original.extensions }
        : { message: formatted.message, extensions: formatted.extensions ?? {} };
    if (!isExposed(original, source.extensions['code'])) {
      return { message: INTERNAL_MESSAGE, ...where, extensions: { code: ErrorCode.Internal } };
    }
    const { http: _http, stacktrace: _stacktrace, exception: _exception, ...extensions } = source.extensions;
    return { message: source.message, ...where, extensions };
  } catch {
    return { message: INTERNAL_MESSAGE, extensions: { code: ErrorCode.Internal } };
  }
}

/** Whether an error reaches clients as it is, rather than as `INTERNAL_SERVER_ERROR` (which is then logged). */
export function isClientError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  const code =
    original instanceof GatewayError
      ? original.code
      : (error as { extensions?: Record<string, unknown> }).extensions?.['code'];
  return isExposed(original, code);
}

/** The body of an answer with `errors` only; every error body carries the request id (CONTRACT section 2). */
export function errorBody(requestId: string, errors: readonly GraphQLFormattedError[]): ErrorBody {
  return { errors, extensions: { requestId } };
}

/**
 * Answers an HTTP request with `error` alone, before or outside GraphQL (401, 400 malformed JSON, 413, unknown
 * routes): the error's status (its code's, from the catalogue, or its own), its JSON through `formatError`.
 */
export function sendError(reply: FastifyReply, error: GatewayError): FastifyReply {
  const formatted = formatError(error.toJSON(), error);
  return reply.code(error.httpStatus).send(errorBody(reply.request.id, [formatted]));
}

/**
 * Adds the request id to an error body Apollo Server wrote itself (it refuses CSRF, batched and malformed requests
 * before any plugin runs, so `response-extensions.ts` never sees them). The errors in it already went through
 * `formatError`; a body that has the request id, or is not JSON, is returned as it is.
 */
export function withRequestId(body: string, requestId: string): string {
  let parsed: { extensions?: Record<string, unknown> };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return body;
  }
  if (parsed.extensions?.['requestId'] !== undefined) return body;
  return `${JSON.stringify({ ...parsed, extensions: { ...parsed.extensions, requestId } })}\n`;
}

function isExposed(original: unknown, code: unknown): boolean {
  if (!isClientErrorCode(code)) return false;
  const info = ERROR_CODES[code];
  return info.isMessageExposed && (original instanceof GatewayError || info.isRaisedByApollo);
}

/** The parser's refusal of a document over `MAX_QUERY_TOKENS`, as the `QUERY_TOO_COMPLEX` of every limit. */
function tokenLimitError(formatted: GraphQLFormattedError): GatewayError | undefined {
  const match =
    formatted.extensions?.['code'] === 'GRAPHQL_PARSE_FAILED' ? TOKEN_LIMIT.exec(formatted.message) : null;
  if (!match) return undefined;
  const limit = Number(match[1]);
  return new GatewayError(
    ErrorCode.QueryTooComplex,
    `The query has more than ${limit} tokens; the limit is ${limit} (MAX_QUERY_TOKENS).`,
    { extensions: { limit, figure: limit + 1 } },
  );
}

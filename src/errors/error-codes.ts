/**
 * Every error code cellgate itself gives clients (CONTRACT section 3). `BAD_REQUEST` and `BAD_USER_INPUT` are
 * Apollo Server's codes too; Apollo's other own codes are `ApolloErrorCode`.
 *
 * Each code has one row in `ERROR_CODES` and in the table of `errors/README.md` (a test checks both, and that each
 * code is asserted by some test).
 */
export const ErrorCode = {
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  BadUserInput: 'BAD_USER_INPUT',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  CellUnavailable: 'CELL_UNAVAILABLE',
  ApiDatabaseUnavailable: 'API_DATABASE_UNAVAILABLE',
  BadRequest: 'BAD_REQUEST',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  QueryTooComplex: 'QUERY_TOO_COMPLEX',
  Internal: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Apollo Server's own codes that reach clients as Apollo wrote them (a malformed or unknown operation).
 * `PERSISTED_QUERY_NOT_SUPPORTED` cannot happen: automatic persisted queries are on (Apollo's default).
 */
export const ApolloErrorCode = {
  GraphqlParseFailed: 'GRAPHQL_PARSE_FAILED',
  GraphqlValidationFailed: 'GRAPHQL_VALIDATION_FAILED',
  PersistedQueryNotFound: 'PERSISTED_QUERY_NOT_FOUND',
  OperationResolutionFailure: 'OPERATION_RESOLUTION_FAILURE',
} as const;
export type ApolloErrorCode = (typeof ApolloErrorCode)[keyof typeof ApolloErrorCode];

/** A code a client can receive. */
export type ClientErrorCode = ErrorCode | ApolloErrorCode;

/** What the catalogue says about one code. */
export interface ErrorCodeInfo {
  /**
   * HTTP status of an answer refused with this code: of a `GatewayError` sent alone (401, 413, ...) and of a
   * GraphQL response holding one (through Apollo's `extensions.http`; `200` sets nothing). A single error may name
   * a more precise status of its own (Fastify's 415, Apollo's 405). Apollo sets the status of its own errors.
   */
  readonly httpStatus: number;
  /** Whether the error's own message reaches the client (otherwise a generic text does). */
  readonly isMessageExposed: boolean;
  /** Whether Apollo Server raises it itself (then an error of any class with this code keeps its message). */
  readonly isRaisedByApollo: boolean;
  /**
   * Whether it refuses a well-formed request before execution (parse, validation, variables, limits): then, as the
   * GraphQL over HTTP spec says for `application/json`, the answer is HTTP 200, and `httpStatus` only under
   * `application/graphql-response+json` (`server/request-error-status.ts`).
   */
  readonly isRequestError: boolean;
}

/** The catalogue: code → HTTP status and exposure. The one place the funnel (`server/format-error.ts`) reads. */
export const ERROR_CODES: Readonly<Record<ClientErrorCode, ErrorCodeInfo>> = {
  UNAUTHENTICATED: {
    httpStatus: 401,
    isMessageExposed: true,
    isRaisedByApollo: false,
    isRequestError: false,
  },
  FORBIDDEN: { httpStatus: 200, isMessageExposed: true, isRaisedByApollo: false, isRequestError: false },
  BAD_USER_INPUT: { httpStatus: 200, isMessageExposed: true, isRaisedByApollo: true, isRequestError: true },
  NOT_FOUND: { httpStatus: 200, isMessageExposed: true, isRaisedByApollo: false, isRequestError: false },
  CONFLICT: { httpStatus: 200, isMessageExposed: true, isRaisedByApollo: false, isRequestError: false },
  CELL_UNAVAILABLE: {
    httpStatus: 200,
    isMessageExposed: true,
    isRaisedByApollo: false,
    isRequestError: false,
  },
  API_DATABASE_UNAVAILABLE: {
    httpStatus: 200,
    isMessageExposed: true,
    isRaisedByApollo: false,
    isRequestError: false,
  },
  BAD_REQUEST: { httpStatus: 400, isMessageExposed: true, isRaisedByApollo: true, isRequestError: false },
  PAYLOAD_TOO_LARGE: {
    httpStatus: 413,
    isMessageExposed: true,
    isRaisedByApollo: false,
    isRequestError: false,
  },
  QUERY_TOO_COMPLEX: {
    httpStatus: 400,
    isMessageExposed: true,
    isRaisedByApollo: false,
    isRequestError: true,
  },
  INTERNAL_SERVER_ERROR: {
    httpStatus: 500,
    isMessageExposed: false,
    isRaisedByApollo: false,
    isRequestError: false,
  },
  GRAPHQL_PARSE_FAILED: {
    httpStatus: 400,
    isMessageExposed: true,
    isRaisedByApollo: true,
    isRequestError: true,
  },
  GRAPHQL_VALIDATION_FAILED: {
    httpStatus: 400,
    isMessageExposed: true,
    isRaisedByApollo: true,
    isRequestError: true,
  },
  PERSISTED_QUERY_NOT_FOUND: {
    httpStatus: 200,
    isMessageExposed: true,
    isRaisedByApollo: true,
    isRequestError: false,
  },
  OPERATION_RESOLUTION_FAILURE: {
    httpStatus: 400,
    isMessageExposed: true,
    isRaisedByApollo: true,
    isRequestError: false,
  },
};

/** Whether `code` is a code of the catalogue. */
export function isClientErrorCode(code: unknown): code is ClientErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

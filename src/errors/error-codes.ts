/**
 * Every error code a client can receive from cellgate, besides Apollo's own parse and validation codes.
 *
 * Each code has one row in `errors/README.md` (HTTP status, whether the message is shown, meaning).
 */
export const ErrorCode = {
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  BadUserInput: 'BAD_USER_INPUT',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  CellUnavailable: 'CELL_UNAVAILABLE',
  QueryTooComplex: 'QUERY_TOO_COMPLEX',
  Internal: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** What the catalogue says about one code. */
export interface ErrorCodeInfo {
  /** HTTP status of a response whose only error has this code and that carries no data. */
  readonly httpStatus: number;
  /** Whether the error's own message reaches the client (otherwise a generic text does). */
  readonly isMessageExposed: boolean;
}

/** The catalogue: code → HTTP status and exposure. */
export const ERROR_CODES: Readonly<Record<ErrorCode, ErrorCodeInfo>> = {
  UNAUTHENTICATED: { httpStatus: 401, isMessageExposed: true },
  FORBIDDEN: { httpStatus: 200, isMessageExposed: true },
  BAD_USER_INPUT: { httpStatus: 200, isMessageExposed: true },
  NOT_FOUND: { httpStatus: 200, isMessageExposed: true },
  CONFLICT: { httpStatus: 200, isMessageExposed: true },
  CELL_UNAVAILABLE: { httpStatus: 200, isMessageExposed: true },
  QUERY_TOO_COMPLEX: { httpStatus: 400, isMessageExposed: true },
  INTERNAL_SERVER_ERROR: { httpStatus: 500, isMessageExposed: false },
};

import { GraphQLError } from 'graphql';

import { ERROR_CODES, type ErrorCode } from './error-codes.js';

/** Options of a `GatewayError`. */
export interface GatewayErrorOptions {
  /** The cell the error concerns, shown in `extensions.cell`; pass it only when the viewer is an admin. */
  readonly cell?: string | undefined;
  /** The underlying error, kept as `originalError` for logs and never sent to clients. */
  readonly cause?: unknown;
  /** Extra extensions, e.g. `{ field: 'first' }`. */
  readonly extensions?: Readonly<Record<string, unknown>>;
  /** An HTTP status more precise than the catalogue's for this code (e.g. 404 for an unknown route). */
  readonly httpStatus?: number | undefined;
}

/**
 * The one error class for clients: a `GraphQLError` whose `extensions.code` comes from `ErrorCode`.
 *
 * Its message is a sentence that names the thing and the value received; it never contains SQL, hostnames or
 * credentials. When its code's HTTP status (`ERROR_CODES`) is not 200, or `httpStatus` is given, the status rides in
 * `extensions.http`, Apollo's seam for statuses: Apollo sets it on the response, and `server/format-error.ts` uses it
 * for errors sent outside GraphQL; neither ever shows it to the client.
 */
export class GatewayError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    const status = options.httpStatus ?? ERROR_CODES[code].httpStatus;
    super(message, {
      originalError: options.cause instanceof Error ? options.cause : null,
      extensions: {
        code,
        ...options.extensions,
        ...(options.cell === undefined ? {} : { cell: options.cell }),
        ...(status === 200 && options.httpStatus === undefined ? {} : { http: { status } }),
      },
    });
    this.name = 'GatewayError';
    this.code = code;
  }

  /** The HTTP status of an answer that carries this error alone. */
  get httpStatus(): number {
    const http = this.extensions['http'] as { readonly status?: number } | undefined;
    return http?.status ?? ERROR_CODES[this.code].httpStatus;
  }
}

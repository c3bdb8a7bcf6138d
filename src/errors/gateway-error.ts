import { GraphQLError } from 'graphql';

import type { ErrorCode } from './error-codes.js';

/** Options of a `GatewayError`. */
export interface GatewayErrorOptions {
  /** The cell the error concerns, shown in `extensions.cell`; pass it only when the viewer is an admin. */
  readonly cell?: string | undefined;
  /** The underlying error, kept as `originalError` for logs and never sent to clients. */
  readonly cause?: unknown;
  /** Extra extensions, e.g. `{ field: 'first' }`. */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/**
 * The one error class for clients: a `GraphQLError` whose `extensions.code` comes from `ErrorCode`.
 *
 * Its message is a sentence that names the thing and the value received; it never contains SQL, hostnames or
 * credentials.
 */
export class GatewayError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options: GatewayErrorOptions = {}) {
    super(message, {
      originalError: options.cause instanceof Error ? options.cause : null,
      extensions: {
        code,
        ...options.extensions,
        ...(options.cell === undefined ? {} : { cell: options.cell }),
      },
    });
    this.name = 'GatewayError';
    this.code = code;
  }
}

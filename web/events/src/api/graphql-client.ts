/** One GraphQL error as the gateway sends it (`extensions.code` from the contract's catalogue). */
export interface GraphqlError {
  readonly message: string;
  readonly code: string | null;
}

/**
 * What a GraphQL request to the gateway came to, as a value (the page never catches a thrown request).
 *
 * `unauthenticated` is the gateway's HTTP 401 (missing, expired or badly signed token); `errors` is an answer
 * with GraphQL errors (its `data` may still hold fields that resolved); `network` means no answer was read.
 */
export type GraphqlResult<T> =
  | { readonly kind: 'ok'; readonly data: T; readonly requestId: string | null }
  | { readonly kind: 'unauthenticated'; readonly message: string; readonly requestId: string | null }
  | {
      readonly kind: 'errors';
      readonly errors: readonly GraphqlError[];
      readonly data: Partial<T> | null;
      readonly requestId: string | null;
    }
  | { readonly kind: 'network'; readonly message: string };

/** A result that is not `ok`. */
export type GraphqlFailure = Exclude<GraphqlResult<unknown>, { readonly kind: 'ok' }>;

/** Options of `postGraphql`. */
export interface PostGraphqlOptions {
  /** Aborts the request (a newer one replaced it). */
  readonly signal?: AbortSignal;
  /** Gives up after this many milliseconds. Default `30_000` (the gateway bounds its own work well below). */
  readonly timeoutMs?: number;
}

/**
 * Sends one operation to `POST /graphql` with the bearer token, as JSON (Apollo Server's CSRF prevention
 * accepts `content-type: application/json`). The token goes in the `Authorization` header only, never in a URL.
 *
 * Resolves to a `GraphqlResult`; it rejects only with the `signal`'s reason when the caller aborted.
 */
export async function postGraphql<T>(
  token: string,
  query: string,
  variables: Readonly<Record<string, unknown>>,
  options: PostGraphqlOptions = {},
): Promise<GraphqlResult<T>> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  let body: unknown;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
      cache: 'no-store',
      signal,
    });
    body = await response.json();
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    return { kind: 'network', message: networkMessage(error, timeout.aborted ? timeoutMs : null) };
  }
  return resultOf<T>(response.status, body);
}

/** Classifies a parsed answer (exported for the unit tests). */
export function resultOf<T>(status: number, body: unknown): GraphqlResult<T> {
  const answer = isRecord(body) ? body : {};
  const extensions = isRecord(answer['extensions']) ? answer['extensions'] : {};
  const requestId = typeof extensions['requestId'] === 'string' ? extensions['requestId'] : null;
  const errors = Array.isArray(answer['errors']) ? answer['errors'].map(errorOf) : [];
  if (status === 401) {
    const message = errors[0]?.message ?? 'The gateway refused the token.';
    return { kind: 'unauthenticated', message, requestId };
  }
  const data = isRecord(answer['data']) ? (answer['data'] as T) : null;
  if (errors.length > 0) return { kind: 'errors', errors, data, requestId };
  if (data === null) {
    return {
      kind: 'errors',
      errors: [{ message: `The gateway answered HTTP ${status} without data.`, code: null }],
      data: null,
      requestId,
    };
  }
  return { kind: 'ok', data, requestId };
}

function errorOf(value: unknown): GraphqlError {
  if (!isRecord(value)) return { message: 'The gateway sent an error without a message.', code: null };
  const extensions = isRecord(value['extensions']) ? value['extensions'] : {};
  return {
    message: typeof value['message'] === 'string' ? value['message'] : 'The gateway sent an error.',
    code: typeof extensions['code'] === 'string' ? extensions['code'] : null,
  };
}

function networkMessage(error: unknown, timedOutAfterMs: number | null): string {
  if (timedOutAfterMs !== null) return `The gateway did not answer within ${timedOutAfterMs / 1000} s.`;
  if (error instanceof SyntaxError) return 'The gateway sent an answer that is not JSON.';
  return 'The gateway could not be reached.';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

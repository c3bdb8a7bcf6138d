import type { GraphqlFailure } from '../api/graphql-client.js';
import { assertNever } from './assert-never.js';

/** Says in words why a request failed: the gateway's own message and code, and the request id to quote. */
export function FailureNotice({
  what,
  failure,
  onRetry,
}: {
  /** What the page was doing, e.g. "Loading messages". */
  readonly what: string;
  readonly failure: GraphqlFailure;
  readonly onRetry?: () => void;
}) {
  return (
    <div class="notice notice-error" role="alert">
      <p>
        <strong>{what} failed.</strong> {describeFailure(failure)}
      </p>
      {failure.kind !== 'network' && failure.requestId !== null && (
        <p class="muted">
          Request id: <code>{failure.requestId}</code>
        </p>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** One sentence per failure kind. */
export function describeFailure(failure: GraphqlFailure): string {
  switch (failure.kind) {
    case 'network':
      return failure.message;
    case 'unauthenticated':
      return `The gateway refused the token (UNAUTHENTICATED): ${failure.message}`;
    case 'errors':
      return failure.errors
        .map((error) => (error.code === null ? error.message : `${error.message} (${error.code})`))
        .join(' ');
    default:
      return assertNever(failure);
  }
}

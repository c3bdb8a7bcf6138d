/**
 * A statement that outlived its deadline: the database was too slow (or hung), so its connection was destroyed
 * and its server thread killed.
 */
export class QueryDeadlineError extends Error {
  constructor(label: string, afterMs: number | undefined, options?: ErrorOptions) {
    super(
      afterMs === undefined
        ? `Query on ${label} was aborted.`
        : `Query on ${label} did not finish within ${afterMs} ms.`,
      options,
    );
    this.name = 'QueryDeadlineError';
  }
}

/**
 * A wait for a connection of the gateway's own pool that outlived its deadline: every connection was busy (or
 * still connecting), which is not by itself a sign that the database is slow.
 *
 * A different type from `QueryDeadlineError` so that callers can tell the pool's congestion from a slow database
 * (CONTRACT section 5, "Fair": waiting for a connection of the gateway's own pool is not a failure of the cell).
 * Under an abort scope its `cause` is the scope's reason.
 */
export class ConnectionWaitDeadlineError extends Error {
  constructor(label: string, afterMs: number | undefined, options?: ErrorOptions) {
    super(
      afterMs === undefined
        ? `Waiting for a connection to ${label} was aborted.`
        : `No connection to ${label} was free within ${afterMs} ms.`,
      options,
    );
    this.name = 'ConnectionWaitDeadlineError';
  }
}

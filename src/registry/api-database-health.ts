import type { Kysely } from 'kysely';

import { withDeadline } from '../database/abort-scope.js';
import { ConnectionWaitDeadlineError, QueryDeadlineError } from '../database/deadline-error.js';
import { probeDatabase } from '../database/probe-database.js';
import type { ApiDatabase } from './api-database.js';
import { pingApiDatabase } from './api-ping.repository.js';

/** Options of `ApiDatabaseHealth`. */
export interface ApiDatabaseHealthOptions {
  readonly api: Kysely<ApiDatabase>;
  /** `API_DATABASE_URL`: the probe opens a connection of its own, so a busy pool cannot make it fail. */
  readonly url: string;
  /** Deadline of one read (and of the probe's `select 1`) in ms: `CELL_TIMEOUT_MS`. */
  readonly timeoutMs: number;
  /** Milliseconds between probes while the API database is down: `CELL_BREAKER_OPEN_MS`. */
  readonly probeIntervalMs: number;
  /**
   * Called on every change of state (`UP` → `DOWN` and back), e.g. to log it and refresh the caches; `reason` says
   * why it is down (`ECONNREFUSED`, `timed out`: no SQL, no host), `null` when it is up.
   */
  readonly onChangeFn?: (state: ApiDatabaseState, reason: string | null) => void;
}

/** Whether the API database answers, as last seen. */
export type ApiDatabaseState = 'UP' | 'DOWN';

/**
 * The API database did not answer (or is known to be down): what callers turn into `API_DATABASE_UNAVAILABLE`
 * (writes) or a fallback (reads: the cached cells, a lookup in every cell, the last copy of reference data).
 */
export class ApiDatabaseUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ApiDatabaseUnavailableError';
  }
}

/**
 * The health of the API database, shared by every request: a one-database breaker.
 *
 *   1. While `UP`, `read` runs its query under `timeoutMs`; `write` runs under the pool's own bound. When a call
 *      fails because the database did not answer (a deadline, a refused or lost connection, not an SQL error), it
 *      rejects with `ApiDatabaseUnavailableError` and a probe starts at once.
 *   2. The probe (a connection of its own, outside the pool, so a busy pool cannot fail it; within `timeoutMs`)
 *      decides. Failed: the state is `DOWN`, every call rejects at once with `ApiDatabaseUnavailableError` (no
 *      request waits for a database known to be down), and the probe is retried every `probeIntervalMs`.
 *      Answered: the state is `UP` again, by itself, without a restart.
 * A single slow call under load therefore does not take the API database out of service; only a failed probe does.
 */
export class ApiDatabaseHealth {
  readonly #options: ApiDatabaseHealthOptions;
  #state: ApiDatabaseState = 'UP';
  #lastError: string | null = null;
  #probing: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;
  #isStopped = false;

  constructor(options: ApiDatabaseHealthOptions) {
    this.#options = options;
  }

  get state(): ApiDatabaseState {
    return this.#state;
  }

  /** Runs a read of the API database under `timeoutMs`; rejects with `ApiDatabaseUnavailableError` as above. */
  read<T>(fn: (api: Kysely<ApiDatabase>) => Promise<T>): Promise<T> {
    return this.#run(() => withDeadline(this.#options.timeoutMs, () => fn(this.#options.api)));
  }

  /**
   * Runs a write (or a read a write depends on) under the pool's own statement bound, which is longer than a read's:
   * a write refused because of one slow statement would fail a user's create for nothing.
   */
  write<T>(fn: (api: Kysely<ApiDatabase>) => Promise<T>): Promise<T> {
    return this.#run(() => fn(this.#options.api));
  }

  /**
   * Checks now that the API database answers (`select 1` under `2 × timeoutMs`), for an operation that must not
   * start without it. Rejects with `ApiDatabaseUnavailableError`.
   */
  async require(): Promise<void> {
    await this.#run(() =>
      withDeadline(2 * this.#options.timeoutMs, () => pingApiDatabase(this.#options.api)),
    );
  }

  /** Records an outage seen elsewhere (e.g. `/readyz`'s own check) and starts the probe. */
  recordOutage(error: unknown): void {
    this.#lastError = describe(error);
    void this.#probe();
  }

  /** Stops the probe timer (at shutdown). */
  stop(): void {
    this.#isStopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #run<T>(call: () => Promise<T>): Promise<T> {
    if (this.#state === 'DOWN') {
      throw new ApiDatabaseUnavailableError('The API database is down.');
    }
    try {
      return await call();
    } catch (error) {
      if (error instanceof ConnectionWaitDeadlineError) {
        throw new ApiDatabaseUnavailableError('No connection to the API database was free in time.', {
          cause: error,
        });
      }
      if (!isOutage(error)) throw error;
      this.recordOutage(error);
      throw new ApiDatabaseUnavailableError('The API database did not answer.', { cause: error });
    }
  }

  #probe(): Promise<void> {
    this.#probing ??= (async () => {
      try {
        const probe = await probeDatabase(this.#options.url, { connectTimeoutMs: this.#options.timeoutMs });
        if (probe.status === 'ok') {
          this.#setState('UP');
        } else {
          this.#lastError = probe.status === 'unreachable' ? describe(probe.error) : 'no database';
          this.#setState('DOWN');
        }
      } finally {
        this.#probing = undefined;
      }
      if (this.#state === 'DOWN' && !this.#isStopped) {
        // One retry chain only, however many outages were reported meanwhile.
        if (this.#timer) clearTimeout(this.#timer);
        this.#timer = setTimeout(() => void this.#probe(), this.#options.probeIntervalMs);
        this.#timer.unref();
      }
    })();
    return this.#probing;
  }

  #setState(state: ApiDatabaseState): void {
    if (state === this.#state) return;
    this.#state = state;
    if (state === 'UP') this.#lastError = null;
    this.#options.onChangeFn?.(state, this.#lastError);
  }
}

/**
 * Whether `error` means the database did not answer (a statement deadline, a refused, reset or lost connection),
 * rather than that it answered with an SQL error (mysql2's `ER_*` codes, with a `sqlState`) or that our code
 * failed (those stay what they are: `INTERNAL_SERVER_ERROR`). Waiting for a connection of the gateway's own pool is
 * congestion, not an outage ("Fair"): `read` and `write` reject it as unavailable without probing.
 */
export function isOutage(error: unknown): boolean {
  if (error instanceof ConnectionWaitDeadlineError) return false;
  if (error instanceof QueryDeadlineError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, fatal } = error as { name?: unknown; code?: unknown; fatal?: unknown };
  if (name === 'TimeoutError' || fatal === true) return true;
  // Node's socket errors (ECONNREFUSED, ECONNRESET, ETIMEDOUT, EPIPE) and mysql2's PROTOCOL_CONNECTION_LOST.
  return typeof code === 'string' && /^(E[A-Z]+$|PROTOCOL_)/.test(code);
}

function describe(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'failed';
}

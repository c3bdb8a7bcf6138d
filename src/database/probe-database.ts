import mysql from 'mysql2/promise';

import { toError } from '../util/to-error.js';
import { connectionOptionsFromUrl } from './connection-url.js';

/** What one connection attempt to a database URL found. */
export type DatabaseProbe =
  | { readonly status: 'ok' }
  /** The server did not accept the connection (refused, unknown host, timed out, access denied). */
  | { readonly status: 'unreachable'; readonly error: Error }
  /** The server answered but has no database of the URL's name. */
  | { readonly status: 'no-database'; readonly database: string };

/** Options of `probeDatabase`. */
export interface ProbeDatabaseOptions {
  /** Whether the URL's database must exist (false: only its server must answer). Default `true`. */
  readonly shouldDatabaseExist?: boolean;
  /** TCP connect plus handshake deadline in milliseconds. Default `5_000`. */
  readonly connectTimeoutMs?: number;
}

/**
 * Opens one connection to `url` and closes it again, to tell an operator early which database is out of reach.
 *
 * Never rejects: what it found is the value. A frozen server (SIGSTOP) costs `connectTimeoutMs`.
 */
export async function probeDatabase(url: string, options: ProbeDatabaseOptions = {}): Promise<DatabaseProbe> {
  const { database, ...serverOptions } = connectionOptionsFromUrl(url, options.connectTimeoutMs ?? 5_000);
  const shouldDatabaseExist = options.shouldDatabaseExist ?? true;
  let connection: mysql.Connection;
  try {
    connection = await mysql.createConnection({
      ...serverOptions,
      ...(shouldDatabaseExist && database ? { database } : {}),
    });
  } catch (error) {
    if (database && (error as { code?: unknown }).code === 'ER_BAD_DB_ERROR') {
      return { status: 'no-database', database };
    }
    return { status: 'unreachable', error: toError(error) };
  }
  // The answer is known; a failing goodbye changes nothing about it.
  connection.destroy();
  return { status: 'ok' };
}

import { TimeoutError } from 'p-timeout';
import { describe, expect, it } from 'vitest';

import { ConnectionWaitDeadlineError, QueryDeadlineError } from '../../../src/database/deadline-error.js';
import { isOutage } from '../../../src/registry/api-database-health.js';

/** An error shaped as mysql2 makes them: `code`, and for SQL errors `errno` and `sqlState`. */
function mysqlError(code: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(code), { code, ...extra });
}

describe('isOutage', () => {
  it('counts deadlines and lost, refused or reset connections as the database not answering', () => {
    expect(isOutage(new QueryDeadlineError('api', 500))).toBe(true);
    expect(isOutage(new TimeoutError('late'))).toBe(true);
    expect(isOutage(mysqlError('ECONNREFUSED'))).toBe(true);
    expect(isOutage(mysqlError('ETIMEDOUT'))).toBe(true);
    expect(isOutage(mysqlError('PROTOCOL_CONNECTION_LOST', { fatal: true }))).toBe(true);
    expect(isOutage(mysqlError('ER_SERVER_SHUTDOWN', { errno: 1053, sqlState: '08S01', fatal: true }))).toBe(
      true,
    );
  });

  it('does not count an SQL answer, our own pool being busy, or a bug', () => {
    expect(isOutage(mysqlError('ER_DUP_ENTRY', { errno: 1062, sqlState: '23000' }))).toBe(false);
    expect(isOutage(mysqlError('ER_LOCK_WAIT_TIMEOUT', { errno: 1205, sqlState: 'HY000' }))).toBe(false);
    expect(isOutage(new ConnectionWaitDeadlineError('api', 500))).toBe(false);
    expect(isOutage(new TypeError('x is undefined'))).toBe(false);
    expect(isOutage('a string')).toBe(false);
  });
});

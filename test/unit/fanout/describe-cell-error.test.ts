import { describe, expect, it } from 'vitest';

import { describeCellError } from '../../../src/fanout/describe-cell-error.js';

describe('describeCellError', () => {
  it.each([
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.7:3306' }, 'connection refused'],
    [
      { code: 'PROTOCOL_CONNECTION_LOST', message: 'Connection lost: The server closed the connection.' },
      'connection lost',
    ],
    [{ code: 'ETIMEDOUT', message: 'connect ETIMEDOUT' }, 'connect timed out'],
    [
      { code: 'ER_NO_SUCH_TABLE', message: "Table 'cell1.instances' doesn't exist" },
      'database error ER_NO_SUCH_TABLE',
    ],
    [new Error('select * from secret where password = 1'), 'query failed'],
  ])('describes %o without hosts, ports or SQL', (error, description) => {
    expect(describeCellError(error)).toBe(description);
  });
});

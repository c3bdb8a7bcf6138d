import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ERROR_CODES, ErrorCode } from '../../../src/errors/error-codes.js';
import { GatewayError } from '../../../src/errors/gateway-error.js';

describe('error catalogue', () => {
  const readme = readFileSync(join(import.meta.dirname, '../../../src/errors/README.md'), 'utf8');

  it.each(Object.values(ErrorCode))('documents %s in errors/README.md and in ERROR_CODES', (code) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${code}\` +\\| ${ERROR_CODES[code].httpStatus} +\\|`, 'm'));
  });

  it('puts the code and the cell in extensions', () => {
    const error = new GatewayError(ErrorCode.CellUnavailable, 'Cell gone.', { cell: 'cell2' });
    expect(error.extensions).toEqual({ code: 'CELL_UNAVAILABLE', cell: 'cell2' });
    expect(error.message).toBe('Cell gone.');
  });
});

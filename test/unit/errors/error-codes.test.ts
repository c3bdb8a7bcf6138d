import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { ERROR_CODES, ErrorCode } from '../../../src/errors/error-codes.js';
import { GatewayError } from '../../../src/errors/gateway-error.js';

const TEST_ROOT = join(import.meta.dirname, '../..');

function testFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') && path !== import.meta.filename ? [path] : [];
  });
}

describe('error catalogue', () => {
  const readme = readFileSync(join(import.meta.dirname, '../../../src/errors/README.md'), 'utf8');
  const tests = testFiles(TEST_ROOT).map((path) => readFileSync(path, 'utf8'));

  it.each(Object.keys(ERROR_CODES))('documents %s in errors/README.md with its catalogue row', (code) => {
    const info = ERROR_CODES[code as keyof typeof ERROR_CODES];
    const shown = info.isMessageExposed ? 'yes' : 'no';
    expect(readme).toMatch(new RegExp(`^\\| \`${code}\` +\\| ${info.httpStatus} +\\| ${shown} +\\|`, 'm'));
  });

  it.each(Object.keys(ERROR_CODES))('has a test of its own that asserts %s', (code) => {
    expect(tests.some((text) => text.includes(`'${code}'`))).toBe(true);
  });

  it('puts the code and the cell in extensions', () => {
    const error = new GatewayError(ErrorCode.CellUnavailable, 'Cell gone.', { cell: 'cell2' });
    expect(error.extensions).toEqual({ code: 'CELL_UNAVAILABLE', cell: 'cell2' });
    expect(error.message).toBe('Cell gone.');
    expect(error.httpStatus).toBe(200);
  });

  it("carries a status other than 200 in Apollo's extensions.http, the catalogue's or its own", () => {
    expect(new GatewayError(ErrorCode.PayloadTooLarge, 'Too big.').extensions).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      http: { status: 413 },
    });
    expect(new GatewayError(ErrorCode.Unauthenticated, 'Who?').httpStatus).toBe(401);
    const route = new GatewayError(ErrorCode.NotFound, 'No such route.', { httpStatus: 404 });
    expect(route.extensions).toEqual({ code: 'NOT_FOUND', http: { status: 404 } });
    expect(route.httpStatus).toBe(404);
  });
});

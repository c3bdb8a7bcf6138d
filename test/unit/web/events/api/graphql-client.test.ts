import { describe, expect, it } from 'vitest';

import { resultOf } from '../../../../../web/events/src/api/graphql-client.js';

const requestId = 'req-5b3c1a52-7d8e-4c1f-9a0b-2f6e8d4c3b1a';

describe('resultOf', () => {
  it('answers ok with the data and the request id', () => {
    expect(resultOf(200, { data: { cells: [] }, extensions: { requestId } })).toEqual({
      kind: 'ok',
      data: { cells: [] },
      requestId,
    });
  });

  it("answers unauthenticated for the gateway's 401, with its message", () => {
    const body = {
      errors: [{ message: 'The bearer token has expired.', extensions: { code: 'UNAUTHENTICATED' } }],
      extensions: { requestId },
    };
    expect(resultOf(401, body)).toEqual({
      kind: 'unauthenticated',
      message: 'The bearer token has expired.',
      requestId,
    });
  });

  it('answers errors with each message and code, and the data that resolved', () => {
    const body = {
      data: { cells: null },
      errors: [
        { message: 'Only admins may list cells.', extensions: { code: 'FORBIDDEN' } },
        { nonsense: 1 },
      ],
    };
    expect(resultOf(200, body)).toEqual({
      kind: 'errors',
      errors: [
        { message: 'Only admins may list cells.', code: 'FORBIDDEN' },
        { message: 'The gateway sent an error.', code: null },
      ],
      data: { cells: null },
      requestId: null,
    });
  });

  it('answers errors for an answer that has neither data nor errors', () => {
    expect(resultOf(502, 'Bad gateway')).toEqual({
      kind: 'errors',
      errors: [{ message: 'The gateway answered HTTP 502 without data.', code: null }],
      data: null,
      requestId: null,
    });
  });
});

import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';

import { ApolloErrorCode, ERROR_CODES, ErrorCode } from '../../../src/errors/error-codes.js';
import { GatewayError } from '../../../src/errors/gateway-error.js';
import { formatError, isClientError, withRequestId } from '../../../src/server/format-error.js';
import { httpLevelError } from '../../../src/server/http-level-error.js';

/** What Apollo hands `formatError`: the error's JSON (its `extensions.http` already taken off) and the error. */
const format = (error: GraphQLError) => {
  const { http: _http, ...extensions } = error.extensions;
  return formatError({ ...error.toJSON(), extensions }, error);
};

describe('formatError, the one funnel', () => {
  it.each(Object.values(ErrorCode))('formats a GatewayError %s by its catalogue row', (code) => {
    const error = new GatewayError(code, 'Marker "x" was not found.', { extensions: { field: 'after' } });
    expect(format(error)).toEqual(
      ERROR_CODES[code].isMessageExposed
        ? { message: 'Marker "x" was not found.', extensions: { code, field: 'after' } }
        : { message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } },
    );
    expect(isClientError(error)).toBe(ERROR_CODES[code].isMessageExposed);
  });

  it.each([...Object.values(ApolloErrorCode), 'BAD_REQUEST', 'BAD_USER_INPUT'])(
    "keeps the message of Apollo's own %s, without stack trace or status",
    (code) => {
      const error = new GraphQLError('Syntax Error: Unexpected "}".', {
        extensions: { code, http: { status: 400 }, stacktrace: ['at parse (graphql.js:1:1)'] },
      });
      expect(format(error)).toEqual({ message: 'Syntax Error: Unexpected "}".', extensions: { code } });
      expect(isClientError(error)).toBe(true);
    },
  );

  it.each([
    ['a plain Error', undefined, new Error('select * from instances failed')],
    ['a code only cellgate raises, from another class', { code: 'FORBIDDEN' }, undefined],
    ['an unknown code', { code: 'ECONNREFUSED' }, undefined],
  ])('hides %s as INTERNAL_SERVER_ERROR, keeping where it happened', (_name, extensions, originalError) => {
    const error = new GraphQLError('connect ECONNREFUSED 10.0.0.7:3306', {
      path: ['servers'],
      ...(extensions ? { extensions } : {}),
      ...(originalError ? { originalError } : {}),
    });
    expect(format(error)).toEqual({
      message: 'Internal server error.',
      path: ['servers'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(isClientError(error)).toBe(false);
  });

  it('never shows the status seam of a GatewayError', () => {
    const error = new GatewayError(
      ErrorCode.PayloadTooLarge,
      'The request body is larger than the limit of 2048 bytes.',
    );
    expect(formatError(error.toJSON(), error)).toEqual({
      message: 'The request body is larger than the limit of 2048 bytes.',
      extensions: { code: 'PAYLOAD_TOO_LARGE' },
    });
  });

  it('does not throw on a formatted error it cannot read', () => {
    expect(formatError(null as never, new Error('x'))).toEqual({
      message: 'Internal server error.',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });
});

describe('withRequestId', () => {
  it('adds the request id to an error body Apollo wrote itself, and leaves one that has it', () => {
    const refused =
      '{"errors":[{"message":"Operation batching disabled.","extensions":{"code":"BAD_REQUEST"}}]}\n';
    expect(JSON.parse(withRequestId(refused, 'req-1'))).toEqual({
      errors: [{ message: 'Operation batching disabled.', extensions: { code: 'BAD_REQUEST' } }],
      extensions: { requestId: 'req-1' },
    });
    const answered = '{"errors":[],"extensions":{"requestId":"req-2"}}';
    expect(withRequestId(answered, 'req-1')).toBe(answered);
    expect(withRequestId('not json', 'req-1')).toBe('not json');
  });
});

describe('httpLevelError', () => {
  const fastifyError = (code: string, statusCode: number) =>
    Object.assign(new Error(code), { code, statusCode });

  it('names the limit of a body that is too large', () => {
    const error = httpLevelError(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413), 1_048_576);
    expect([error.code, error.message, error.httpStatus]).toEqual([
      'PAYLOAD_TOO_LARGE',
      'The request body is larger than the limit of 1048576 bytes.',
      413,
    ]);
  });

  it("makes Fastify's other client errors BAD_REQUEST with their own status", () => {
    for (const [code, status] of [
      ['FST_ERR_CTP_INVALID_JSON_BODY', 400],
      ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415],
    ] as const) {
      const error = httpLevelError(fastifyError(code, status), 1_048_576);
      expect([error.code, error.message, error.httpStatus]).toEqual([
        'BAD_REQUEST',
        'The request is malformed.',
        status,
      ]);
    }
  });

  it('makes anything else INTERNAL_SERVER_ERROR', () => {
    const error = httpLevelError(new Error('boom'), 1_048_576);
    expect([error.code, error.httpStatus]).toEqual(['INTERNAL_SERVER_ERROR', 500]);
  });
});

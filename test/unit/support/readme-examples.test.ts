import { describe, expect, it } from 'vitest';

import { hasData, readExamples, resolveVariables, sampleMatches } from '../../support/readme-examples.js';

const fence = (language: string, body: string) => `\`\`\`${language}\n${body}\n\`\`\`\n`;

describe('readExamples', () => {
  it('reads the token, variables, root fields and sample of each block, in order', () => {
    const markdown = [
      '# Title',
      fence('graphql', '# as admin\n{ servers { nodes { id } } cells { name } }'),
      'Some prose.',
      fence('json', '{ "data": { "cells": [] } }'),
      fence('sh', 'npm start'),
      fence(
        'graphql',
        '# as member with { "id": "@createShare.id" }\nmutation M($id: ID!) { deleteShares(ids: [$id]) }',
      ),
    ].join('\n');
    expect(
      readExamples(markdown).map(({ line, token, variables, operation, rootFields, sample }) => ({
        line,
        token,
        variables,
        operation,
        rootFields,
        sample,
      })),
    ).toEqual([
      {
        line: 2,
        token: 'admin',
        variables: {},
        operation: 'query',
        rootFields: ['servers', 'cells'],
        sample: { data: { cells: [] } },
      },
      {
        line: 16,
        token: 'member',
        variables: { id: '@createShare.id' },
        operation: 'mutation',
        rootFields: ['deleteShares'],
        sample: undefined,
      },
    ]);
  });

  it.each([
    ['a block without a header', fence('graphql', '{ cells { name } }'), 'starts with "# as admin"'],
    ['an unknown token', fence('graphql', '# as root\n{ cells { name } }'), 'starts with "# as admin"'],
    [
      'bad variables',
      fence('graphql', '# as admin with { id }\n{ cells { name } }'),
      'variables are not JSON',
    ],
    [
      'two anonymous operations',
      fence('graphql', '# as admin\n{ cells { name } }\n{ flavors { name } }'),
      'exactly one operation, not 2',
    ],
    ['a sample of nothing', fence('json', '{}'), 'must be the sample response'],
    [
      'two samples',
      fence('graphql', '# as admin\n{ cells { name } }') + fence('json', '{}') + fence('json', '{}'),
      'must be the sample response',
    ],
  ])('refuses %s', (_name, markdown, message) => {
    expect(() => readExamples(markdown)).toThrow(message);
  });
});

describe('resolveVariables', () => {
  const answers = new Map<string, unknown[]>([
    ['createShare', [{ id: 'first' }, { id: 'second' }]],
    ['messages', [{ nodes: [{ id: 'm1' }] }]],
  ]);

  it('replaces references to earlier answers, the latest or the n-th, with paths into lists', () => {
    expect(
      resolveVariables(
        { a: '@createShare.id', b: ['@createShare#1.id', '@messages.nodes.0.id'], c: 'plain', d: 3 },
        answers,
      ),
    ).toEqual({ a: 'second', b: ['first', 'm1'], c: 'plain', d: 3 });
  });

  it.each(['@nothing.id', '@createShare#3.id', '@createShare.missing', '@bad ref'])(
    'throws for %s',
    (reference) => {
      expect(() => resolveVariables({ x: reference }, answers)).toThrow();
    },
  );
});

describe('sampleMatches', () => {
  it('ignores times and request ids, and lets … stand for any text', () => {
    expect(
      sampleMatches(
        {
          id: '…',
          at: '2026-01-01T00:00:00.000Z',
          requestId: 'req-00000000-0000-0000-0000-000000000000',
          exports: ['cell1-nfs.cellgate.test:/shares/…'],
        },
        {
          id: 'abc',
          at: '2026-12-02T10:11:12.345Z',
          requestId: 'req-12345678-abcd-4def-8123-1234567890ab',
          exports: ['cell1-nfs.cellgate.test:/shares/abc'],
        },
      ),
    ).toBe(true);
  });

  it.each([
    ['another value', { name: 'a' }, { name: 'b' }],
    ['a missing key', { name: 'a', id: 1 }, { name: 'a' }],
    ['an extra key', { name: 'a' }, { name: 'a', id: 1 }],
    ['another length', [1, 2], [1]],
    ['a prefix that differs', 'cell1-…', 'cell2-x'],
    ['a time against a non-time', '2026-01-01T00:00:00.000Z', 'yesterday'],
    ['null against an object', null, {}],
  ])('does not match %s', (_name, sample, actual) => {
    expect(sampleMatches(sample, actual)).toBe(false);
  });
});

describe('hasData', () => {
  it('wants every root field non-null, lists non-empty and connections with nodes', () => {
    expect(hasData({ a: { nodes: [1] }, b: [1], c: { id: 'x' } }, ['a', 'b', 'c'])).toBe(true);
    expect(hasData({ a: { nodes: [] } }, ['a'])).toBe(false);
    expect(hasData({ a: [] }, ['a'])).toBe(false);
    expect(hasData({ a: null }, ['a'])).toBe(false);
    expect(hasData(null, ['a'])).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';

import { actionForUnreachableCell, mayBuildConstructs } from '../../../src/listing/down-cell-rules.js';

describe('mayBuildConstructs (CONTRACT section 5)', () => {
  it('allows constructs for a plain list', () => {
    expect(mayBuildConstructs({})).toBe(true);
    expect(mayBuildConstructs({ filter: {}, sort: [] })).toBe(true);
  });

  it('allows the projectId filter and deleted: false, and fields given as null', () => {
    expect(mayBuildConstructs({ filter: { projectId: 'demo', deleted: false, name: null } })).toBe(true);
  });

  it.each([
    ['a name filter', { filter: { name: 'web' } }],
    ['a status filter', { filter: { status: 'ACTIVE' } }],
    ['deleted: true', { filter: { deleted: true } }],
    ['a host filter', { filter: { host: 'cell1-compute1' } }],
    ['a sort', { sort: [{ key: 'NAME' }] }],
    ['first', { first: 10 }],
    ['first: 0', { first: 0 }],
    ['after', { after: 'some-id' }],
  ])('refuses constructs with %s', (_name, args) => {
    expect(mayBuildConstructs(args)).toBe(false);
  });
});

describe('actionForUnreachableCell', () => {
  it('builds constructs when allowed, whatever the skipping option', () => {
    expect(actionForUnreachableCell(true, true)).toBe('constructs');
    expect(actionForUnreachableCell(true, false)).toBe('constructs');
  });

  it('skips, or fails when LIST_RECORDS_BY_SKIPPING_DOWN_CELLS is false', () => {
    expect(actionForUnreachableCell(false, true)).toBe('skip');
    expect(actionForUnreachableCell(false, false)).toBe('fail');
  });
});

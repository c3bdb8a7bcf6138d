import { describe, expect, it } from 'vitest';

import { readClaim, writeClaim } from '../../../src/auth/claim-path.js';

describe('readClaim', () => {
  it('reads top-level and nested claims by dotted path', () => {
    const payload = { roles: ['a'], realm_access: { roles: ['member'] }, 'x.y': 1 };
    expect(readClaim(payload, 'roles')).toEqual(['a']);
    expect(readClaim(payload, 'realm_access.roles')).toEqual(['member']);
    expect(readClaim(payload, 'x.y')).toBe(1);
    expect(readClaim(payload, 'realm_access.missing')).toBeUndefined();
    expect(readClaim(payload, 'roles.length')).toBeUndefined();
  });
});

describe('writeClaim', () => {
  it('creates the nested objects of a dotted path', () => {
    expect(writeClaim({ a: 1 }, 'realm_access.roles', ['reader'])).toEqual({
      a: 1,
      realm_access: { roles: ['reader'] },
    });
  });
});

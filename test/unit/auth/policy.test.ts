import { describe, expect, it } from 'vitest';

import { resolveProjectScope } from '../../../src/auth/policy.js';
import type { Viewer } from '../../../src/auth/viewer.js';

const member: Viewer = { userId: 'u', projectId: 'demo', roles: ['member'], isAdmin: false };
const admin: Viewer = { userId: 'a', projectId: 'admin', roles: ['admin'], isAdmin: true };

describe('resolveProjectScope', () => {
  it('keeps members in their own project', () => {
    expect(resolveProjectScope(member, undefined, undefined)).toEqual({ projectId: 'demo' });
    expect(resolveProjectScope(member, false, 'demo')).toEqual({ projectId: 'demo' });
    expect(resolveProjectScope(member, null, 'alt')).toBeUndefined();
  });

  it('forbids allProjects to members', () => {
    expect(() => resolveProjectScope(member, true, undefined)).toThrow(
      expect.objectContaining({ extensions: { code: 'FORBIDDEN' } }),
    );
  });

  it('gives admins their own project, all projects, or the filtered one', () => {
    expect(resolveProjectScope(admin, undefined, undefined)).toEqual({ projectId: 'admin' });
    expect(resolveProjectScope(admin, true, undefined)).toEqual({ projectId: null });
    expect(resolveProjectScope(admin, true, 'alt')).toEqual({ projectId: 'alt' });
  });
});

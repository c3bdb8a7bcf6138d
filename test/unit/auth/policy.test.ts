import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';

import { assertCan, can, POLICY, resolveProjectScope, type Action } from '../../../src/auth/policy.js';
import type { Viewer, ViewerRole } from '../../../src/auth/viewer.js';

const viewer = (role: ViewerRole, roles: string[] = role === 'none' ? [] : [role]): Viewer => ({
  userId: 'u',
  projectId: role === 'admin' ? 'admin' : 'demo',
  roles,
  role,
  isAdmin: role === 'admin',
});
const member = viewer('member');
const admin = viewer('admin');

const schema = buildSchema(readFileSync(join(import.meta.dirname, '../../../schema/schema.graphql'), 'utf8'));
const rootFields = [
  ...Object.keys(schema.getQueryType()!.getFields()).map((field) => `Query.${field}`),
  ...Object.keys(schema.getMutationType()!.getFields()).map((field) => `Mutation.${field}`),
];

/** The expected decision for every action, by role: A admin, M member, R reader, - nobody else. */
const EXPECTED: Readonly<Record<Action, string>> = {
  'Query.servers': 'AMR',
  'Query.server': 'AMR',
  'Query.shares': 'AMR',
  'Query.share': 'AMR',
  'Query.services': 'A',
  'Query.messages': 'AMR',
  'Query.message': 'AMR',
  'Query.shareTypes': 'AMR',
  'Query.shareNetworks': 'AMR',
  'Query.flavors': 'AMR',
  'Query.cells': 'A',
  'Mutation.createServer': 'AM',
  'Mutation.deleteServer': 'AM',
  'Mutation.createShare': 'AM',
  'Mutation.deleteShares': 'AM',
  'Mutation.createShareNetwork': 'AM',
  'Mutation.deleteMessages': 'AM',
  'Mutation.ensureShares': 'A',
  'list-all-projects': 'A',
  'filter-by-host': 'A',
  'filter-deleted': 'A',
  'filter-by-project': 'A',
};

describe('policy table', () => {
  it('has a row for every query and mutation of the schema, and no row for a field that does not exist', () => {
    const fieldRows = Object.keys(POLICY).filter((action) => /^(Query|Mutation)\./.test(action));
    expect(fieldRows.sort()).toEqual([...rootFields].sort());
  });

  const cases = Object.entries(EXPECTED).flatMap(([action, letters]) =>
    (['admin', 'member', 'reader', 'none'] as const).map((role) => ({
      action: action as Action,
      role,
      allowed: letters.includes(role[0]!.toUpperCase()) && role !== 'none',
    })),
  );
  it.each(cases)('$role may $action: $allowed', ({ action, role, allowed }) => {
    expect(can(viewer(role), action)).toBe(allowed);
  });

  it('refuses a token with no known role everything, whatever its roles claim holds', () => {
    for (const roles of [[], ['foo'], ['Admin', 'MEMBER']]) {
      const nobody = viewer('none', roles);
      for (const action of Object.keys(POLICY) as Action[]) expect(can(nobody, action)).toBe(false);
    }
    expect(() => assertCan(viewer('none', ['foo']), 'Query.servers')).toThrow(
      expect.objectContaining({
        message: 'The bearer token has none of the roles admin, member or reader: it may not do anything.',
        extensions: { code: 'FORBIDDEN' },
      }),
    );
  });

  it('says why: readers may only read, admin-only actions name themselves', () => {
    expect(() => assertCan(viewer('reader'), 'Mutation.deleteMessages')).toThrow(
      expect.objectContaining({
        message:
          'The reader role may only read: the mutation "deleteMessages" needs the member or admin role.',
        extensions: { code: 'FORBIDDEN' },
      }),
    );
    expect(() => assertCan(member, 'Query.cells')).toThrow(
      expect.objectContaining({ message: 'Only administrators may list cells.' }),
    );
    expect(() => assertCan(viewer('reader'), 'Mutation.ensureShares')).toThrow(
      expect.objectContaining({ message: 'Only administrators may ensure shares.' }),
    );
  });
});

describe('resolveProjectScope', () => {
  it('keeps members and readers in their own project', () => {
    expect(resolveProjectScope(member, undefined, undefined)).toEqual({ projectId: 'demo' });
    expect(resolveProjectScope(viewer('reader'), undefined, undefined)).toEqual({ projectId: 'demo' });
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

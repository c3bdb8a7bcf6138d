import { ErrorCode } from '../errors/error-codes.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { Viewer, ViewerRole } from './viewer.js';

/** The roles that grant something; a viewer with role `'none'` is granted nothing. */
export type Role = Exclude<ViewerRole, 'none'>;

const ANYONE: readonly Role[] = ['admin', 'member', 'reader'];
const WRITERS: readonly Role[] = ['admin', 'member'];
const ADMINS: readonly Role[] = ['admin'];

/**
 * The policy table: every action of the gateway and the roles that may take it, as OpenStack's secure-RBAC
 * defaults have them (Nova, Cinder, Manila): `admin` everything; `member` reads and writes its own project;
 * `reader` only reads its own project; no role, nothing.
 *
 * Every root field of the schema is an action (`Query.<field>`, `Mutation.<field>`; a test fails when the schema
 * has one without a row here, and `graphql/resolvers.ts` refuses to start); the admin-only arguments and filters
 * are actions of their own. Which projects a permitted list covers is `resolveProjectScope`.
 */
export const POLICY = {
  'Query.servers': ANYONE,
  'Query.server': ANYONE,
  'Query.shares': ANYONE,
  'Query.share': ANYONE,
  'Query.services': ADMINS,
  'Query.messages': ANYONE,
  'Query.message': ANYONE,
  'Query.shareTypes': ANYONE,
  'Query.shareNetworks': ANYONE,
  'Query.flavors': ANYONE,
  'Query.cells': ADMINS,
  'Mutation.createServer': WRITERS,
  'Mutation.deleteServer': WRITERS,
  'Mutation.createShare': WRITERS,
  'Mutation.deleteShares': WRITERS,
  'Mutation.createShareNetwork': WRITERS,
  'Mutation.deleteMessages': WRITERS,
  'Mutation.ensureShares': ADMINS,
  'list-all-projects': ADMINS,
  'filter-by-host': ADMINS,
  'filter-deleted': ADMINS,
  'filter-by-project': ADMINS,
} as const satisfies Readonly<Record<string, readonly Role[]>>;

/** An action of the policy table. */
export type Action = keyof typeof POLICY;

/** An action that is a root field of the schema, e.g. `'Mutation.createShare'`. */
export type FieldAction = Extract<Action, `${'Query' | 'Mutation'}.${string}`>;

/** What an action does, for the refusal's sentence; a field without a row reads "run the query "x"". */
const ACTION_TEXT: Readonly<Partial<Record<Action, string>>> = {
  'Query.services': 'list services',
  'Query.cells': 'list cells',
  'Mutation.ensureShares': 'ensure shares',
  'list-all-projects': 'list the resources of all projects (allProjects)',
  'filter-by-host': 'filter by host',
  'filter-deleted': 'list deleted resources',
  'filter-by-project': 'filter messages by project',
};

/** Whether `action` is a row of the policy table. */
export function isAction(action: string): action is Action {
  return Object.hasOwn(POLICY, action);
}

/** Whether `viewer` may take `action`. */
export function can(viewer: Viewer, action: Action): boolean {
  return viewer.role !== 'none' && (POLICY[action] as readonly Role[]).includes(viewer.role);
}

/** Throws `FORBIDDEN`, with a sentence naming the action and the viewer's role, unless `viewer` may take `action`. */
export function assertCan(viewer: Viewer, action: Action): void {
  if (can(viewer, action)) return;
  throw new GatewayError(ErrorCode.Forbidden, forbiddenMessage(viewer, action));
}

function forbiddenMessage(viewer: Viewer, action: Action): string {
  if (viewer.role === 'none') {
    return 'The bearer token has none of the roles admin, member or reader: it may not do anything.';
  }
  const [kind = '', field = ''] = action.split('.');
  const text = ACTION_TEXT[action] ?? `run the ${kind.toLowerCase()} "${field}"`;
  if ((POLICY[action] as readonly Role[]).includes('member')) {
    return `The reader role may only read: the ${kind.toLowerCase()} "${field}" needs the member or admin role.`;
  }
  return `Only administrators may ${text}.`;
}

/** The projects a list covers: one project, or every project (`null`). */
export interface ProjectScope {
  readonly projectId: string | null;
}

/**
 * The project scope of a list: members and readers see their own project only; admins see all projects with
 * `allProjects: true` (narrowed by a `projectId` filter), and otherwise their own project or the filter's.
 *
 * Returns `undefined` when the scope is empty (a member filtering by another project sees nothing).
 * Throws `FORBIDDEN` when a member asks for `allProjects`.
 */
export function resolveProjectScope(
  viewer: Viewer,
  allProjects: boolean | null | undefined,
  filterProjectId: string | null | undefined,
): ProjectScope | undefined {
  if (allProjects) assertCan(viewer, 'list-all-projects');
  if (!viewer.isAdmin) {
    if (filterProjectId !== null && filterProjectId !== undefined && filterProjectId !== viewer.projectId) {
      return undefined;
    }
    return { projectId: viewer.projectId };
  }
  if (filterProjectId !== null && filterProjectId !== undefined) return { projectId: filterProjectId };
  return { projectId: allProjects ? null : viewer.projectId };
}

/** Whether `viewer` may see a resource of `projectId`. */
export function canSeeProject(viewer: Viewer, projectId: string | null): boolean {
  return viewer.isAdmin || projectId === viewer.projectId;
}

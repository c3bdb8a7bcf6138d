import { ErrorCode } from '../errors/error-codes.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { Viewer } from './viewer.js';

/** Actions that only admins may take. */
export type AdminAction =
  | 'list-all-projects'
  | 'filter-by-host'
  | 'filter-deleted'
  | 'filter-by-project'
  | 'list-services'
  | 'list-cells'
  | 'ensure-shares';

const ACTION_TEXT: Readonly<Record<AdminAction, string>> = {
  'list-all-projects': 'list the resources of all projects (allProjects)',
  'filter-by-host': 'filter by host',
  'filter-deleted': 'list deleted resources',
  'filter-by-project': 'filter messages by project',
  'list-services': 'list services',
  'list-cells': 'list cells',
  'ensure-shares': 'ensure shares',
};

/** Whether `viewer` may take `action`: the rules table is simply "admins only". */
export function can(viewer: Viewer, action: AdminAction): boolean {
  void action;
  return viewer.isAdmin;
}

/** Throws `FORBIDDEN` unless `viewer` may take `action`. */
export function assertCan(viewer: Viewer, action: AdminAction): void {
  if (!can(viewer, action)) {
    throw new GatewayError(ErrorCode.Forbidden, `Only administrators may ${ACTION_TEXT[action]}.`);
  }
}

/** The projects a list covers: one project, or every project (`null`). */
export interface ProjectScope {
  readonly projectId: string | null;
}

/**
 * The project scope of a list: members see their own project only; admins see all projects with
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

/**
 * The role a viewer acts with: the strongest of OpenStack's secure-RBAC default roles its token holds
 * (`admin` > `member` > `reader`), or `'none'` when it holds none of them.
 */
export type ViewerRole = 'admin' | 'member' | 'reader' | 'none';

/** Who is asking: from the bearer token's claims. */
export interface Viewer {
  /** `sub`. */
  readonly userId: string;
  /** The project claim (`AUTH_PROJECT_CLAIM`, default `project_id`). */
  readonly projectId: string;
  /** The roles claim as the token has it (`AUTH_ROLES_CLAIM`, default `roles`). */
  readonly roles: readonly string[];
  /** The role the policy table (`policy.ts`) decides by. */
  readonly role: ViewerRole;
  /** Whether `role` is `admin`. */
  readonly isAdmin: boolean;
}

/** The viewer role of a roles claim: the strongest known role in it, or `'none'`. */
export function viewerRoleOf(roles: readonly string[]): ViewerRole {
  if (roles.includes('admin')) return 'admin';
  if (roles.includes('member')) return 'member';
  if (roles.includes('reader')) return 'reader';
  return 'none';
}

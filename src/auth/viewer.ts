/** Who is asking: from the bearer token's claims. */
export interface Viewer {
  /** `sub`. */
  readonly userId: string;
  /** `project_id`. */
  readonly projectId: string;
  readonly roles: readonly string[];
  /** Whether `roles` holds `admin`. */
  readonly isAdmin: boolean;
}

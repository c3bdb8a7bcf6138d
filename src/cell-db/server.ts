import type { FlavorSnapshot } from '../registry/request-spec.js';
import type { PowerState, ServerStatus } from './server-status.js';

/**
 * A server as resolvers see it: read from its cell, or a minimal construct built from the API database when its
 * cell did not answer (`isConstruct`), whose unknown fields are `null`.
 */
export interface Server {
  readonly id: string;
  readonly name: string | null;
  readonly status: ServerStatus;
  readonly projectId: string | null;
  readonly userId: string | null;
  readonly created: Date | null;
  readonly updated: Date | null;
  readonly flavor: FlavorSnapshot | null;
  readonly image: { readonly id: string; readonly name: string | null } | null;
  readonly availabilityZone: string | null;
  readonly powerState: PowerState | null;
  readonly host: string | null;
  readonly serverGroups: readonly string[] | null;
  readonly metadata: Readonly<Record<string, unknown>> | null;
  /** The cell the server lives in (never shown to clients; used to route subfield loads). */
  readonly cellUuid: string;
  readonly isConstruct: boolean;
}

/** The public status of a share (CONTRACT section 4). */
export type ShareStatus =
  'CREATING' | 'AVAILABLE' | 'ERROR' | 'DELETING' | 'ERROR_DELETING' | 'ENSURING' | 'UNKNOWN';

/** A share as resolvers see it: from its cell, or a minimal construct (`isConstruct`) with unknown fields `null`. */
export interface Share {
  readonly id: string;
  readonly name: string | null;
  readonly description: string | null;
  readonly size: number | null;
  readonly shareProto: string | null;
  readonly status: ShareStatus;
  readonly shareTypeId: string | null;
  readonly shareNetworkId: string | null;
  readonly availabilityZone: string | null;
  readonly host: string | null;
  readonly isPublic: boolean | null;
  readonly exportLocations: readonly string[] | null;
  readonly snapshotSupport: boolean | null;
  readonly createShareFromSnapshotSupport: boolean | null;
  readonly projectId: string | null;
  readonly userId: string | null;
  readonly createdAt: Date | null;
  readonly updatedAt: Date | null;
  readonly cellUuid: string;
  readonly isConstruct: boolean;
}

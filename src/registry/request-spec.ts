import type { ResourceKind } from '../resource/resource-kind.js';

/** The flavor a server was built with, copied at create time (Nova's `instance_extra.flavor`). */
export interface FlavorSnapshot {
  readonly id: string;
  readonly name: string;
  readonly vcpus: number;
  /** MB. */
  readonly ram: number;
  /** GB. */
  readonly disk: number;
  /** GB. */
  readonly ephemeral: number;
  /** MB. */
  readonly swap: number;
  readonly extraSpecs: Readonly<Record<string, string>>;
}

/** What a server create asked for; stored in the API database's `request_specs`. */
export interface ServerRequestSpec {
  readonly kind: 'server';
  readonly projectId: string;
  readonly userId: string;
  readonly flavor: FlavorSnapshot;
  /** `null` when booted from volume. */
  readonly image: { readonly id: string; readonly name: string } | null;
  /** `null` when no zone was requested. */
  readonly availabilityZone: string | null;
  readonly serverGroups: readonly string[];
}

/** What a share create asked for; stored in the API database's `request_specs`. */
export interface ShareRequestSpec {
  readonly kind: 'share';
  readonly projectId: string;
  readonly userId: string;
  readonly shareProto: string;
  /** GB. */
  readonly size: number;
  readonly shareTypeId: string | null;
  readonly availabilityZone: string | null;
  readonly shareNetworkId: string | null;
}

/** The request spec of each kind (a new kind without one is a type error here). */
interface RequestSpecOfKind {
  readonly server: ServerRequestSpec;
  readonly share: ShareRequestSpec;
}

/** What a create asked for, of any kind; `kind` tells which. */
export type RequestSpec = RequestSpecOfKind[ResourceKind];

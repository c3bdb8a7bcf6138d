import type { SchedulerFilterName } from '../messages/catalogue.js';
import { capabilitiesSatisfied, formatShareExtraSpecs } from './extra-specs-match.js';

export type { SchedulerFilterName };

/** A compute host as a cell reports it. */
export interface ComputeHostState {
  readonly cellName: string;
  readonly host: string;
  readonly availabilityZone: string | null;
  readonly isUp: boolean;
  readonly vcpus: number;
  readonly memoryMb: number;
  readonly localGb: number;
  readonly vcpusUsed: number;
  readonly memoryMbUsed: number;
  readonly localGbUsed: number;
}

/** A share backend as a cell reports it. */
export interface ShareBackendState {
  readonly cellName: string;
  /** `host@backend`. */
  readonly host: string;
  readonly availabilityZone: string | null;
  readonly isUp: boolean;
  readonly capabilities: Readonly<Record<string, unknown>>;
  readonly totalCapacityGb: number;
  readonly allocatedCapacityGb: number;
}

/** What a server needs of a host. */
export interface ServerRequest {
  readonly vcpus: number;
  readonly memoryMb: number;
  /** Root disk plus ephemeral, GB. */
  readonly diskGb: number;
  readonly availabilityZone: string | null;
}

/** What a share needs of a backend. */
export interface ShareRequest {
  readonly sizeGb: number;
  readonly shareProto: string;
  readonly availabilityZone: string | null;
  /** The share type's required and optional extra specs, merged. */
  readonly extraSpecs: Readonly<Record<string, string>>;
}

/** A named filter over host states. */
export interface HostFilter<H, R> {
  readonly name: SchedulerFilterName;
  readonly passes: (host: H, request: R) => boolean;
}

/** Nova's filters, in order: AvailabilityZone, then capacity (vCPU, RAM, disk together). */
export const COMPUTE_FILTERS: readonly HostFilter<ComputeHostState, ServerRequest>[] = [
  {
    name: 'AvailabilityZoneFilter',
    passes: (host, request) =>
      request.availabilityZone === null || host.availabilityZone === request.availabilityZone,
  },
  {
    name: 'CapacityFilter',
    passes: (host, request) =>
      host.vcpus - host.vcpusUsed >= request.vcpus &&
      host.memoryMb - host.memoryMbUsed >= request.memoryMb &&
      host.localGb - host.localGbUsed >= request.diskGb,
  },
];

/** Manila's default filters that apply here, in its order: AvailabilityZone, Capacity, Capabilities. */
export const SHARE_FILTERS: readonly HostFilter<ShareBackendState, ShareRequest>[] = [
  {
    name: 'AvailabilityZoneFilter',
    passes: (backend, request) =>
      request.availabilityZone === null || backend.availabilityZone === request.availabilityZone,
  },
  {
    name: 'CapacityFilter',
    passes: (backend, request) => backend.totalCapacityGb - backend.allocatedCapacityGb >= request.sizeGb,
  },
  {
    name: 'CapabilitiesFilter',
    passes: (backend, request) =>
      capabilitiesSatisfied(
        backend.capabilities,
        formatShareExtraSpecs(request.extraSpecs, request.shareProto),
      ),
  },
];

import { capabilitiesSatisfied, formatShareExtraSpecs } from './extra-specs-match.js';

/**
 * The name of a filter cellgate's scheduler runs, as reported in `lastFilter` (Manila's `last_filter`).
 *
 * A subset of `SchedulerFilterName` in `messages/catalogue.ts`, so a failed selection maps to a message detail.
 */
export type SchedulerFilterName = 'AvailabilityZoneFilter' | 'CapacityFilter' | 'CapabilitiesFilter';

/** A compute host as a cell reports it. */
export interface ComputeHostState {
  readonly cellName: string;
  readonly host: string;
  /** `null` when the host is in no zone. */
  readonly availabilityZone: string | null;
  /** Whether the host's compute service has reported recently. */
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
  /** `null` when the backend is in no zone. */
  readonly availabilityZone: string | null;
  /** Whether the backend's share service has reported recently. */
  readonly isUp: boolean;
  /** What the driver reports: `driver_handles_share_servers`, `storage_protocol`, ... (may nest, may hold lists). */
  readonly capabilities: Readonly<Record<string, unknown>>;
  readonly totalCapacityGb: number;
  readonly allocatedCapacityGb: number;
}

/** What a server needs of a compute host. */
export interface ServerRequest {
  readonly vcpus: number;
  readonly memoryMb: number;
  /** Root disk plus ephemeral disk, in GB. */
  readonly diskGb: number;
  /** The requested zone; `null` when any zone will do. */
  readonly availabilityZone: string | null;
}

/** What a share needs of a share backend. */
export interface ShareRequest {
  readonly sizeGb: number;
  /** `NFS`, `CIFS`, ... (any case). */
  readonly shareProto: string;
  /** The requested zone; `null` when any zone will do. */
  readonly availabilityZone: string | null;
  /** The share type's required and optional extra specs, merged. */
  readonly extraSpecs: Readonly<Record<string, string>>;
}

/** One scheduler filter: its name and whether a host passes it for a request. Pure. */
export interface HostFilter<H, R> {
  readonly name: SchedulerFilterName;
  readonly passes: (host: H, request: R) => boolean;
}

/**
 * The filters a server's compute host must pass, in the order they run.
 *
 * `AvailabilityZoneFilter`: when the request names a zone, only hosts in that zone. `CapacityFilter`: free vCPUs,
 * free RAM and free disk are each at least what the request needs.
 */
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

/**
 * The filters a share's backend must pass, in the order Manila's `scheduler_default_filters` lists them.
 *
 * `AvailabilityZoneFilter`: when the request names a zone, only backends in that zone; and when the share type has
 * an `availability_zones` extra spec (comma-separated), only backends in one of those zones (as Manila's filter
 * does with `request_spec['availability_zones']`). `CapacityFilter`: total minus allocated capacity is at least the
 * share's size. `CapabilitiesFilter`: the capabilities satisfy the share type's extra specs, formatted for the
 * protocol (see `formatShareExtraSpecs`).
 */
export const SHARE_FILTERS: readonly HostFilter<ShareBackendState, ShareRequest>[] = [
  {
    name: 'AvailabilityZoneFilter',
    passes: (backend, request) => {
      if (request.availabilityZone !== null && backend.availabilityZone !== request.availabilityZone)
        return false;
      const typeZones = parseZoneList(request.extraSpecs['availability_zones']);
      return (
        typeZones.length === 0 ||
        (backend.availabilityZone !== null && typeZones.includes(backend.availabilityZone))
      );
    },
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

/** Manila's `availability_zones` extra spec: zone names separated by commas, blanks dropped. */
function parseZoneList(spec: string | undefined): string[] {
  if (spec === undefined) return [];
  return spec
    .split(',')
    .map((zone) => zone.trim())
    .filter((zone) => zone !== '');
}

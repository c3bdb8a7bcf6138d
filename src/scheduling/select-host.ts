import {
  COMPUTE_FILTERS,
  SHARE_FILTERS,
  type ComputeHostState,
  type HostFilter,
  type SchedulerFilterName,
  type ServerRequest,
  type ShareBackendState,
  type ShareRequest,
} from './host-filters.js';

/** What the scheduler decided. */
export type Selection<H> =
  | { readonly status: 'selected'; readonly host: H }
  | {
      readonly status: 'no-valid-host';
      readonly lastFilter: SchedulerFilterName | null;
      readonly reason: string;
    };

/**
 * The filter scheduler (Nova's and Manila's `FilterScheduler`): drops hosts that are down, runs the filters in
 * order, and when a filter leaves no host reports it as `lastFilter` (Manila's `last_filter`, which picks the
 * message detail); otherwise weighs the survivors with `weigh` (higher is better; ties by host name).
 */
export function selectHost<H extends { readonly host: string; readonly isUp: boolean }, R>(
  hosts: readonly H[],
  request: R,
  filters: readonly HostFilter<H, R>[],
  weigh: (host: H) => number,
): Selection<H> {
  let remaining = hosts.filter((host) => host.isUp);
  if (remaining.length === 0) {
    return {
      status: 'no-valid-host',
      lastFilter: null,
      reason: 'There are no hosts to fulfill this request.',
    };
  }
  for (const filter of filters) {
    remaining = remaining.filter((host) => filter.passes(host, request));
    if (remaining.length === 0) {
      return {
        status: 'no-valid-host',
        lastFilter: filter.name,
        reason: `Failed to find a weighted host, the last executed filter was ${filter.name}.`,
      };
    }
  }
  const [best] = [...remaining].sort(
    (a, b) => weigh(b) - weigh(a) || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0),
  );
  return { status: 'selected', host: best! };
}

/** Picks a compute host for a server: AvailabilityZone and capacity filters, then the most free RAM (Nova's RAMWeigher). */
export function selectComputeHost(
  hosts: readonly ComputeHostState[],
  request: ServerRequest,
): Selection<ComputeHostState> {
  return selectHost(hosts, request, COMPUTE_FILTERS, (host) => host.memoryMb - host.memoryMbUsed);
}

/** Picks a backend for a share: AvailabilityZone, Capacity and Capabilities filters, then the most free capacity. */
export function selectShareBackend(
  backends: readonly ShareBackendState[],
  request: ShareRequest,
): Selection<ShareBackendState> {
  return selectHost(
    backends,
    request,
    SHARE_FILTERS,
    (backend) => backend.totalCapacityGb - backend.allocatedCapacityGb,
  );
}

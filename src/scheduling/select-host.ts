import { compareValues } from '../util/compare-values.js';
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

/**
 * What the scheduler decided: a host, or no valid host and the filter that left none.
 *
 * `lastFilter` is Manila's `last_filter` (the filter that emptied the list); it is `null` when no host was up to
 * begin with. `reason` is the NoValidHost / WillNotSchedule text, for logs and task payloads, not for users.
 */
export type Selection<H> =
  | { readonly status: 'selected'; readonly host: H }
  | {
      readonly status: 'no-valid-host';
      readonly lastFilter: SchedulerFilterName | null;
      readonly reason: string;
    };

/**
 * Picks the compute host for a server, as Nova's filter scheduler does.
 *
 * Drops hosts that are down, runs `COMPUTE_FILTERS` in order (the first that leaves no host is `lastFilter`), then
 * picks the host with the most free RAM (Nova's RAMWeigher); ties go to the lowest host name, then cell name.
 * Deterministic and pure; never throws.
 */
export function selectComputeHost(
  hosts: readonly ComputeHostState[],
  request: ServerRequest,
): Selection<ComputeHostState> {
  return selectHost(hosts, request, COMPUTE_FILTERS, (host) => host.memoryMb - host.memoryMbUsed);
}

/**
 * Picks the backend for a share, as Manila's `FilterScheduler` does.
 *
 * Drops backends that are down, runs `SHARE_FILTERS` in order (AvailabilityZone, Capacity, Capabilities; the first
 * that leaves no backend is `lastFilter`), then picks the backend with the most free capacity (Manila's
 * CapacityWeigher); ties go to the lowest host name, then cell name. Deterministic and pure; never throws.
 */
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

/**
 * The filter scheduler shared by both resources: Manila's `BaseFilterHandler.get_filtered_objects` stops at the
 * first filter that returns nothing and names it; the weigher then orders the survivors (higher is better).
 */
function selectHost<
  H extends { readonly cellName: string; readonly host: string; readonly isUp: boolean },
  R,
>(
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
  let best = remaining[0]!;
  let bestWeight = weigh(best);
  for (const host of remaining.slice(1)) {
    const weight = weigh(host);
    if (weight > bestWeight || (weight === bestWeight && breaksTieBefore(host, best))) {
      best = host;
      bestWeight = weight;
    }
  }
  return { status: 'selected', host: best };
}

/** Whether `a` wins a weight tie against `b`: lower host name by code point, then lower cell name. */
function breaksTieBefore(
  a: { cellName: string; host: string },
  b: { cellName: string; host: string },
): boolean {
  return (compareValues(a.host, b.host) || compareValues(a.cellName, b.cellName)) < 0;
}

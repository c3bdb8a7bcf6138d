import { describe, expect, it } from 'vitest';

import type {
  ComputeHostState,
  ServerRequest,
  ShareBackendState,
  ShareRequest,
} from '../../../src/scheduling/host-filters.js';
import { selectComputeHost, selectShareBackend } from '../../../src/scheduling/select-host.js';

function computeHost(overrides: Partial<ComputeHostState> = {}): ComputeHostState {
  return {
    cellName: 'cell1',
    host: 'compute-1',
    availabilityZone: 'nova',
    isUp: true,
    vcpus: 16,
    memoryMb: 32_768,
    localGb: 500,
    vcpusUsed: 0,
    memoryMbUsed: 0,
    localGbUsed: 0,
    ...overrides,
  };
}

function serverRequest(overrides: Partial<ServerRequest> = {}): ServerRequest {
  return { vcpus: 2, memoryMb: 4_096, diskGb: 40, availabilityZone: null, ...overrides };
}

/** The backend of seed 000: DHSS=False, snapshots but no revert or mount, NFS and CIFS. */
function shareBackend(overrides: Partial<ShareBackendState> = {}): ShareBackendState {
  return {
    cellName: 'cell1',
    host: 'share-1@generic',
    availabilityZone: 'nova',
    isUp: true,
    capabilities: {
      driver_handles_share_servers: false,
      snapshot_support: true,
      create_share_from_snapshot_support: true,
      revert_to_snapshot_support: false,
      mount_snapshot_support: false,
      storage_protocol: 'NFS_CIFS',
    },
    totalCapacityGb: 1_000,
    allocatedCapacityGb: 0,
    ...overrides,
  };
}

/** Seed 000's share types, required and optional extra specs merged. */
const DHSS_TRUE = {
  driver_handles_share_servers: 'True',
  create_share_from_snapshot_support: 'True',
  mount_snapshot_support: 'False',
  revert_to_snapshot_support: 'False',
  snapshot_support: 'True',
};
const DHSS_FALSE = { ...DHSS_TRUE, driver_handles_share_servers: 'False' };

function shareRequest(overrides: Partial<ShareRequest> = {}): ShareRequest {
  return { sizeGb: 1, shareProto: 'NFS', availabilityZone: null, extraSpecs: DHSS_FALSE, ...overrides };
}

describe('selectComputeHost', () => {
  it('selects the only host that fits', () => {
    const host = computeHost();
    expect(selectComputeHost([host], serverRequest())).toEqual({ status: 'selected', host });
  });

  it('reports no hosts when every host is down', () => {
    expect(selectComputeHost([computeHost({ isUp: false })], serverRequest())).toEqual({
      status: 'no-valid-host',
      lastFilter: null,
      reason: 'There are no hosts to fulfill this request.',
    });
  });

  it('reports no hosts when the cells report none', () => {
    expect(selectComputeHost([], serverRequest())).toEqual({
      status: 'no-valid-host',
      lastFilter: null,
      reason: 'There are no hosts to fulfill this request.',
    });
  });

  it('never selects a host that is down, even the emptiest', () => {
    const up = computeHost({ host: 'compute-1', memoryMbUsed: 30_000 });
    const down = computeHost({ host: 'compute-2', isUp: false });
    expect(selectComputeHost([down, up], serverRequest({ memoryMb: 512 }))).toEqual({
      status: 'selected',
      host: up,
    });
  });

  it('names the AvailabilityZoneFilter when no host is in the requested zone', () => {
    expect(
      selectComputeHost(
        [
          computeHost({ availabilityZone: 'nova' }),
          computeHost({ host: 'compute-2', availabilityZone: null }),
        ],
        serverRequest({ availabilityZone: 'az-east' }),
      ),
    ).toEqual({
      status: 'no-valid-host',
      lastFilter: 'AvailabilityZoneFilter',
      reason: 'Failed to find a weighted host, the last executed filter was AvailabilityZoneFilter.',
    });
  });

  it('keeps only hosts of the requested zone', () => {
    const east = computeHost({ host: 'compute-2', availabilityZone: 'az-east', memoryMbUsed: 16_000 });
    expect(
      selectComputeHost(
        [computeHost({ availabilityZone: 'nova' }), east],
        serverRequest({ availabilityZone: 'az-east' }),
      ),
    ).toEqual({ status: 'selected', host: east });
  });

  it('names the CapacityFilter for a flavor larger than any host', () => {
    expect(
      selectComputeHost(
        [computeHost(), computeHost({ host: 'compute-2' })],
        serverRequest({ memoryMb: 1_048_576 }),
      ),
    ).toEqual({
      status: 'no-valid-host',
      lastFilter: 'CapacityFilter',
      reason: 'Failed to find a weighted host, the last executed filter was CapacityFilter.',
    });
  });

  it.each<[string, Partial<ComputeHostState>]>([
    ['vCPUs', { vcpusUsed: 15 }],
    ['RAM', { memoryMbUsed: 30_000 }],
    ['disk', { localGbUsed: 480 }],
  ])('filters out a host without enough free %s', (_resource, used) => {
    expect(selectComputeHost([computeHost(used)], serverRequest())).toMatchObject({
      status: 'no-valid-host',
      lastFilter: 'CapacityFilter',
    });
  });

  it('accepts a host whose free resources equal the request exactly', () => {
    const host = computeHost({ vcpus: 2, memoryMb: 4_096, localGb: 40 });
    expect(selectComputeHost([host], serverRequest())).toEqual({ status: 'selected', host });
  });

  it('names the zone filter rather than capacity when the zone fails first', () => {
    expect(
      selectComputeHost([computeHost()], serverRequest({ availabilityZone: 'az-east', memoryMb: 1_048_576 })),
    ).toMatchObject({ lastFilter: 'AvailabilityZoneFilter' });
  });

  it('weighs by free RAM, not by total RAM or free vCPUs', () => {
    const big = computeHost({ host: 'compute-1', memoryMb: 65_536, memoryMbUsed: 60_000, vcpusUsed: 0 });
    const roomy = computeHost({ host: 'compute-2', memoryMb: 32_768, memoryMbUsed: 1_024, vcpusUsed: 12 });
    const middle = computeHost({ host: 'compute-3', memoryMb: 32_768, memoryMbUsed: 8_192 });
    expect(selectComputeHost([big, roomy, middle], serverRequest())).toEqual({
      status: 'selected',
      host: roomy,
    });
  });

  it('breaks weight ties by host name ascending, whatever the input order', () => {
    const a = computeHost({ host: 'compute-a' });
    const b = computeHost({ host: 'compute-b' });
    const c = computeHost({ host: 'compute-c' });
    expect(selectComputeHost([c, a, b], serverRequest())).toEqual({ status: 'selected', host: a });
    expect(selectComputeHost([b, c, a], serverRequest())).toEqual({ status: 'selected', host: a });
  });

  it('breaks a tie between equal host names by cell name', () => {
    const cell2 = computeHost({ cellName: 'cell2' });
    const cell1 = computeHost({ cellName: 'cell1' });
    expect(selectComputeHost([cell2, cell1], serverRequest())).toEqual({ status: 'selected', host: cell1 });
  });
});

describe('selectShareBackend', () => {
  it('passes share type dhss_false on the seed backend', () => {
    const backend = shareBackend();
    expect(selectShareBackend([backend], shareRequest({ extraSpecs: DHSS_FALSE }))).toEqual({
      status: 'selected',
      host: backend,
    });
  });

  it('names the CapabilitiesFilter for share type dhss_true on the seed backend', () => {
    expect(selectShareBackend([shareBackend()], shareRequest({ extraSpecs: DHSS_TRUE }))).toEqual({
      status: 'no-valid-host',
      lastFilter: 'CapabilitiesFilter',
      reason: 'Failed to find a weighted host, the last executed filter was CapabilitiesFilter.',
    });
  });

  it('names the CapabilitiesFilter for an NFS share on a CIFS-only backend', () => {
    const cifsOnly = shareBackend({
      capabilities: { ...shareBackend().capabilities, storage_protocol: 'CIFS' },
    });
    expect(selectShareBackend([cifsOnly], shareRequest({ shareProto: 'NFS' }))).toEqual({
      status: 'no-valid-host',
      lastFilter: 'CapabilitiesFilter',
      reason: 'Failed to find a weighted host, the last executed filter was CapabilitiesFilter.',
    });
    expect(selectShareBackend([cifsOnly], shareRequest({ shareProto: 'cifs' }))).toEqual({
      status: 'selected',
      host: cifsOnly,
    });
  });

  it('picks the backend that has the requested protocol', () => {
    const cifsOnly = shareBackend({
      host: 'share-1@cifs',
      capabilities: { ...shareBackend().capabilities, storage_protocol: 'CIFS' },
    });
    const nfs = shareBackend({ host: 'share-2@nfs', allocatedCapacityGb: 900 });
    expect(selectShareBackend([cifsOnly, nfs], shareRequest())).toEqual({ status: 'selected', host: nfs });
  });

  it('names the CapabilitiesFilter for a vendor_name the backend does not report', () => {
    expect(
      selectShareBackend(
        [shareBackend()],
        shareRequest({ extraSpecs: { vendor_name: 'foobar', ...DHSS_FALSE } }),
      ),
    ).toMatchObject({ status: 'no-valid-host', lastFilter: 'CapabilitiesFilter' });
  });

  it('reports no hosts when every backend is down', () => {
    expect(selectShareBackend([shareBackend({ isUp: false })], shareRequest())).toEqual({
      status: 'no-valid-host',
      lastFilter: null,
      reason: 'There are no hosts to fulfill this request.',
    });
  });

  it('names the AvailabilityZoneFilter when no backend is in the requested zone', () => {
    expect(selectShareBackend([shareBackend()], shareRequest({ availabilityZone: 'az-east' }))).toEqual({
      status: 'no-valid-host',
      lastFilter: 'AvailabilityZoneFilter',
      reason: 'Failed to find a weighted host, the last executed filter was AvailabilityZoneFilter.',
    });
  });

  it("keeps only backends in the share type's availability_zones", () => {
    const east = shareBackend({
      host: 'share-2@generic',
      availabilityZone: 'az-east',
      allocatedCapacityGb: 500,
    });
    const specs = { ...DHSS_FALSE, availability_zones: 'az-west, az-east' };
    expect(selectShareBackend([shareBackend(), east], shareRequest({ extraSpecs: specs }))).toEqual({
      status: 'selected',
      host: east,
    });
    expect(
      selectShareBackend(
        [shareBackend()],
        shareRequest({ extraSpecs: { ...DHSS_FALSE, availability_zones: 'az-east' } }),
      ),
    ).toMatchObject({ status: 'no-valid-host', lastFilter: 'AvailabilityZoneFilter' });
  });

  it('names the CapacityFilter when no backend has room for the share', () => {
    expect(
      selectShareBackend([shareBackend({ allocatedCapacityGb: 995 })], shareRequest({ sizeGb: 10 })),
    ).toEqual({
      status: 'no-valid-host',
      lastFilter: 'CapacityFilter',
      reason: 'Failed to find a weighted host, the last executed filter was CapacityFilter.',
    });
  });

  it('runs the CapacityFilter before the CapabilitiesFilter', () => {
    expect(
      selectShareBackend([shareBackend()], shareRequest({ sizeGb: 5_000, extraSpecs: DHSS_TRUE })),
    ).toMatchObject({ lastFilter: 'CapacityFilter' });
  });

  it('weighs by free capacity, not total capacity', () => {
    const big = shareBackend({ host: 'share-1@big', totalCapacityGb: 10_000, allocatedCapacityGb: 9_900 });
    const free = shareBackend({ host: 'share-2@free', totalCapacityGb: 1_000, allocatedCapacityGb: 100 });
    expect(selectShareBackend([big, free], shareRequest())).toEqual({ status: 'selected', host: free });
  });

  it('breaks capacity ties by host name ascending', () => {
    const b = shareBackend({ host: 'share-b@generic' });
    const a = shareBackend({ host: 'share-a@generic' });
    expect(selectShareBackend([b, a], shareRequest())).toEqual({ status: 'selected', host: a });
  });
});

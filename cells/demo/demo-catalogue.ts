import type { FlavorSnapshot } from '../../src/registry/request-spec.js';
import { demoUuid } from './demo-ids.js';

/** The demo flavors (CONTRACT section 6): `m1.huge` is larger than any demo host, so it never schedules. */
export const DEMO_FLAVORS: readonly FlavorSnapshot[] = [
  {
    id: demoUuid('flavor:m1.tiny'),
    name: 'm1.tiny',
    vcpus: 1,
    ram: 512,
    disk: 1,
    ephemeral: 0,
    swap: 0,
    extraSpecs: {},
  },
  {
    id: demoUuid('flavor:m1.small'),
    name: 'm1.small',
    vcpus: 1,
    ram: 2048,
    disk: 20,
    ephemeral: 0,
    swap: 0,
    extraSpecs: {},
  },
  {
    id: demoUuid('flavor:m1.huge'),
    name: 'm1.huge',
    vcpus: 64,
    ram: 262_144,
    disk: 4_000,
    ephemeral: 0,
    swap: 0,
    extraSpecs: {},
  },
];

/** The demo images: `cirros-broken` fails to boot on the simulated hypervisor (a fault and a message). */
export const DEMO_IMAGES = [
  { id: demoUuid('image:cirros'), name: 'cirros', properties: {} },
  {
    id: demoUuid('image:cirros-broken'),
    name: 'cirros-broken',
    properties: { 'cellgate:simulate': 'boot-failure' },
  },
] as const;

const OPTIONAL_SPECS = {
  create_share_from_snapshot_support: 'True',
  mount_snapshot_support: 'False',
  revert_to_snapshot_support: 'False',
  snapshot_support: 'True',
};

/** The share types of seed 000, with its ids: `dhss_false` (default) and `dhss_true`. */
export const DEMO_SHARE_TYPES = [
  {
    id: '1cf5d45a-61b3-44d1-8ec7-89a21f51a4d4',
    name: 'dhss_false',
    isDefault: true,
    requiredExtraSpecs: { driver_handles_share_servers: 'False' },
    optionalExtraSpecs: OPTIONAL_SPECS,
  },
  {
    id: '277c1089-127f-426e-9b12-711845991ea1',
    name: 'dhss_true',
    isDefault: false,
    requiredExtraSpecs: { driver_handles_share_servers: 'True' },
    optionalExtraSpecs: OPTIONAL_SPECS,
  },
] as const;

/** Capacity of each demo compute host. */
export const DEMO_HOST_CAPACITY = { vcpus: 32, memoryMb: 65_536, localGb: 1_000 } as const;

/** The capabilities of each cell's share backend: it supports only `driver_handles_share_servers: False`. */
export const DEMO_BACKEND_CAPABILITIES = {
  driver_handles_share_servers: false,
  snapshot_support: true,
  create_share_from_snapshot_support: true,
  revert_to_snapshot_support: false,
  mount_snapshot_support: false,
  storage_protocol: 'NFS_CIFS',
  vendor_name: 'cellgate',
  share_backend_name: 'GENERIC',
} as const;

import { createHash } from 'node:crypto';

import type { Kysely } from 'kysely';

import type { CellDatabase } from '../../src/cell-db/cell-database.js';
import type { ApiDatabase } from '../../src/registry/api-database.js';
import type { CellMapping } from '../../src/registry/cell-mapping.js';
import type { FlavorSnapshot } from '../../src/registry/request-spec.js';

/*
 * The fixed part of the demo topology (CONTRACT §6): the catalogue in the API database, and the hosts and share
 * backend of every cell. `seed-demo.ts` adds the sample servers and shares.
 */

/**
 * A deterministic UUID (version 5 layout, SHA-1 of `name`): the demo seed derives every id from a name such as
 * `cellgate-demo:cell1:demo:server:3`, so running the seed again finds the same rows and adds nothing.
 */
export function demoUuid(name: string): string {
  const bytes = createHash('sha1').update(`cellgate-demo:${name}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The demo flavors (CONTRACT §6): `m1.huge` is larger than any demo host, so it never schedules. */
export const DEMO_FLAVORS: readonly FlavorSnapshot[] = [
  flavor('m1.tiny', 1, 512, 1),
  flavor('m1.small', 1, 2_048, 20),
  flavor('m1.huge', 64, 262_144, 4_000),
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

/** The share types of seed 000, with its ids: `dhss_false` (the default) and `dhss_true`. */
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

// 48 vCPUs a host: the sample servers (1 vCPU each, ERROR ones excepted) count against it, so a cell seeded
// with `--servers-per-cell 40` still has room for new servers; m1.huge (64 vCPUs, 256 GB RAM) fits none.
const HOST_CAPACITY = { vcpus: 48, memoryMb: 65_536, localGb: 2_000 } as const;

// Each cell's share backend supports only `driver_handles_share_servers: False` (seed 000's scenario).
const BACKEND_CAPABILITIES = {
  driver_handles_share_servers: false,
  snapshot_support: true,
  create_share_from_snapshot_support: true,
  revert_to_snapshot_support: false,
  mount_snapshot_support: false,
  storage_protocol: 'NFS_CIFS',
  vendor_name: 'cellgate',
  share_backend_name: 'GENERIC',
} as const;

/**
 * Writes the demo catalogue into the API database: flavors, images and share types.
 *
 * Idempotent: ids are fixed and rows that exist (by id or name) are left as they are.
 */
export async function seedDemoCatalogue(api: Kysely<ApiDatabase>, now: Date): Promise<void> {
  await api
    .insertInto('flavors')
    .ignore()
    .values(
      DEMO_FLAVORS.map((entry) => ({
        id: entry.id,
        name: entry.name,
        vcpus: entry.vcpus,
        ram: entry.ram,
        disk: entry.disk,
        ephemeral: entry.ephemeral,
        swap: entry.swap,
        extra_specs: JSON.stringify(entry.extraSpecs),
        created_at: now,
      })),
    )
    .execute();
  await api
    .insertInto('images')
    .ignore()
    .values(
      DEMO_IMAGES.map((image) => ({
        id: image.id,
        name: image.name,
        properties: JSON.stringify(image.properties),
        created_at: now,
      })),
    )
    .execute();
  await api
    .insertInto('share_types')
    .ignore()
    .values(
      DEMO_SHARE_TYPES.map((type, index) => ({
        id: type.id,
        name: type.name,
        is_default: type.isDefault,
        visibility: 'public',
        required_extra_specs: JSON.stringify(type.requiredExtraSpecs),
        optional_extra_specs: JSON.stringify(type.optionalExtraSpecs),
        // One millisecond apart, so that listing by creation time gives seed 000's order.
        created_at: new Date(now.getTime() + index),
      })),
    )
    .execute();
}

/** The demo compute hosts of a cell: `<cell>-compute1` and `<cell>-compute2`. */
export function demoComputeHosts(cell: CellMapping): readonly string[] {
  return [`${cell.name}-compute1`, `${cell.name}-compute2`];
}

/** The demo share backend of a cell (`host@backend`). */
export function demoShareBackend(cell: CellMapping): string {
  return `${cell.name}-share@generic`;
}

/** The NFS export host in the configuration of a cell's demo share backend. */
export function demoExportHost(cell: CellMapping): string {
  return `${cell.name}-nfs.cellgate.test`;
}

/**
 * Writes the hosts of one cell (not cell0): its two compute nodes and its share backend, their services (up as of
 * `now`, in the cell's availability zone, or the cell's name when it has none), and the compute hosts' host
 * mappings in the API database. Idempotent: existing rows are left as they are.
 */
export async function seedDemoHosts(
  api: Kysely<ApiDatabase>,
  cell: CellMapping,
  db: Kysely<CellDatabase>,
  now: Date,
): Promise<void> {
  const zone = cell.availabilityZone ?? cell.name;
  const computeHosts = demoComputeHosts(cell);
  const backend = demoShareBackend(cell);
  await db
    .insertInto('compute_nodes')
    .ignore()
    .values(
      computeHosts.map((host) => ({
        host,
        vcpus: HOST_CAPACITY.vcpus,
        memory_mb: HOST_CAPACITY.memoryMb,
        local_gb: HOST_CAPACITY.localGb,
        created_at: now,
      })),
    )
    .execute();
  await db
    .insertInto('share_backends')
    .ignore()
    .values({
      host: backend,
      availability_zone: zone,
      capabilities: JSON.stringify(BACKEND_CAPABILITIES),
      configuration: JSON.stringify({ export_host: demoExportHost(cell) }),
      total_capacity_gb: 1_000,
      created_at: now,
    })
    .execute();
  const services = [
    ...computeHosts.map((host) => ({ host, binary: 'compute' })),
    { host: backend, binary: 'share' },
  ];
  await db
    .insertInto('services')
    .ignore()
    .values(
      services.map(({ host, binary }) => ({
        uuid: demoUuid(`${cell.name}:service:${binary}:${host}`),
        host,
        binary,
        availability_zone: zone,
        disabled: false,
        forced_down: false,
        ensuring: false,
        last_seen_up: now,
        created_at: now,
        deleted: 0,
      })),
    )
    .execute();
  await api
    .insertInto('host_mappings')
    .ignore()
    .values(computeHosts.map((host) => ({ cell_id: cell.id, host, created_at: now })))
    .execute();
}

function flavor(name: string, vcpus: number, ram: number, disk: number): FlavorSnapshot {
  return { id: demoUuid(`flavor:${name}`), name, vcpus, ram, disk, ephemeral: 0, swap: 0, extraSpecs: {} };
}

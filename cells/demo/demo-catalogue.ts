import type { Kysely } from 'kysely';

import type { ApiDatabase } from '../../src/registry/api-database.js';
import type { FlavorSnapshot } from '../../src/registry/request-spec.js';
import { demoUuid } from './demo-ids.js';

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

/** The capacity of each demo compute host (two per cell). */
export const DEMO_HOST_CAPACITY = { vcpus: 16, memoryMb: 65_536, localGb: 1_000 } as const;

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

function flavor(name: string, vcpus: number, ram: number, disk: number): FlavorSnapshot {
  return { id: demoUuid(`flavor:${name}`), name, vcpus, ram, disk, ephemeral: 0, swap: 0, extraSpecs: {} };
}

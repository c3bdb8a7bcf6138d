import type { Insertable, Kysely } from 'kysely';

import type { CellDatabase, InstancesTable, SharesTable } from '../../src/cell-db/cell-database.js';
import type { ApiDatabase } from '../../src/registry/api-database.js';
import { isCell0, type CellMapping } from '../../src/registry/cell-mapping.js';
import type { ServerRequestSpec, ShareRequestSpec } from '../../src/registry/request-spec.js';
import {
  DEMO_BACKEND_CAPABILITIES,
  DEMO_FLAVORS,
  DEMO_HOST_CAPACITY,
  DEMO_IMAGES,
  DEMO_SHARE_TYPES,
} from './demo-catalogue.js';
import { demoUuid } from './demo-ids.js';

/** A cell and its database, as the seed writes into it. */
export interface DemoCell {
  readonly cell: CellMapping;
  readonly db: Kysely<CellDatabase>;
}

/** Options of `seedDemo`. */
export interface SeedDemoOptions {
  readonly api: Kysely<ApiDatabase>;
  /** Every registered cell, cell0 included (cell0 gets no hosts and no sample data). */
  readonly cells: readonly DemoCell[];
  /** Sample servers per project per cell. */
  readonly serversPerCell: number;
  /** `MESSAGE_TTL_S` of the sample messages. */
  readonly messageTtlS: number;
  readonly now?: Date;
}

/** What a seed run added. */
export interface SeedDemoSummary {
  readonly serversAdded: number;
  readonly sharesAdded: number;
}

const PROJECTS = [
  { projectId: 'demo', userId: 'demo-user' },
  { projectId: 'alt', userId: 'alt-user' },
] as const;
const MINUTE_MS = 60_000;

/**
 * Seeds the demo topology of CONTRACT section 6 (`cellgate demo seed`).
 *
 * The catalogue (flavors, images, seed 000's share types) in the API database; per cell but cell0, two compute
 * hosts and one share backend `<cell>-share@generic` (only `driver_handles_share_servers: False`) with their
 * services and host mappings; and sample data written straight into each cell: `serversPerCell` servers for
 * project `demo` and as many for `alt` (every 4th SHUTOFF, every 5th ERROR with a fault and a message), and
 * `max(1, serversPerCell / 5)` AVAILABLE shares per project, each with its mapping and request spec.
 *
 * Idempotent: ids derive from names (`demoUuid`) and every insert ignores existing rows, so a second run adds
 * nothing and a run with a larger `serversPerCell` adds only the missing servers. Creation times go back from
 * `now` five hours a server (over days), interleaved across cells and projects, distinct to the millisecond. Batched: a few statements per
 * table and cell, whatever the count.
 */
export async function seedDemo(options: SeedDemoOptions): Promise<SeedDemoSummary> {
  const now = options.now ?? new Date();
  await seedCatalogue(options.api, now);
  const cells = options.cells.filter(({ cell }) => !isCell0(cell));
  let serversAdded = 0;
  let sharesAdded = 0;
  for (const [cellIndex, demoCell] of cells.entries()) {
    await seedHosts(options.api, demoCell, now);
    const added = await seedSampleData(options, demoCell, cellIndex, now);
    serversAdded += added.servers;
    sharesAdded += added.shares;
  }
  return { serversAdded, sharesAdded };
}

async function seedCatalogue(api: Kysely<ApiDatabase>, now: Date): Promise<void> {
  await api
    .insertInto('flavors')
    .ignore()
    .values(
      DEMO_FLAVORS.map((flavor) => ({
        id: flavor.id,
        name: flavor.name,
        vcpus: flavor.vcpus,
        ram: flavor.ram,
        disk: flavor.disk,
        ephemeral: flavor.ephemeral,
        swap: flavor.swap,
        extra_specs: JSON.stringify(flavor.extraSpecs),
        created_at: now,
      })),
    )
    .execute();
  await api
    .insertInto('images')
    .ignore()
    .values(
      DEMO_IMAGES.map((image) => ({
        ...image,
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
        created_at: new Date(now.getTime() + index),
      })),
    )
    .execute();
}

async function seedHosts(api: Kysely<ApiDatabase>, { cell, db }: DemoCell, now: Date): Promise<void> {
  const zone = cell.availabilityZone ?? cell.name;
  const computeHosts = computeHostsOf(cell);
  const backend = `${cell.name}-share@generic`;
  await db
    .insertInto('compute_nodes')
    .ignore()
    .values(
      computeHosts.map((host) => ({
        host,
        vcpus: DEMO_HOST_CAPACITY.vcpus,
        memory_mb: DEMO_HOST_CAPACITY.memoryMb,
        local_gb: DEMO_HOST_CAPACITY.localGb,
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
      capabilities: JSON.stringify(DEMO_BACKEND_CAPABILITIES),
      configuration: JSON.stringify({ export_host: `${cell.name}-nfs.cellgate.test` }),
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
        report_count: 0,
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

async function seedSampleData(
  options: SeedDemoOptions,
  { cell, db }: DemoCell,
  cellIndex: number,
  now: Date,
): Promise<{ servers: number; shares: number }> {
  const zone = cell.availabilityZone ?? cell.name;
  const hosts = computeHostsOf(cell);
  const image = DEMO_IMAGES[0];
  const instances: Insertable<InstancesTable>[] = [];
  const faults: Insertable<CellDatabase['instance_faults']>[] = [];
  const messages: Insertable<CellDatabase['messages']>[] = [];
  const shares: Insertable<SharesTable>[] = [];
  const mappings: Insertable<ApiDatabase['resource_mappings']>[] = [];
  const specs: Insertable<ApiDatabase['request_specs']>[] = [];

  for (const [projectIndex, { projectId, userId }] of PROJECTS.entries()) {
    for (let k = 0; k < options.serversPerCell; k++) {
      const uuid = demoUuid(`${cell.name}:${projectId}:server:${k}`);
      const createdAt = new Date(now.getTime() - (k * 300 + cellIndex * 7 + projectIndex * 3 + 1) * MINUTE_MS);
      const flavor = DEMO_FLAVORS[k % 2]!;
      const host = hosts[k % hosts.length]!;
      const isError = k % 5 === 4;
      const isShutoff = !isError && k % 4 === 3;
      instances.push({
        uuid,
        display_name: `${projectId}-${cell.name}-${String(k + 1).padStart(2, '0')}`,
        project_id: projectId,
        user_id: userId,
        vm_state: isError ? 'error' : isShutoff ? 'stopped' : 'active',
        task_state: null,
        power_state: isError ? 0 : isShutoff ? 4 : 1,
        host,
        availability_zone: zone,
        flavor_name: flavor.name,
        flavor: JSON.stringify(flavor),
        image_ref: image.id,
        image_name: image.name,
        metadata: '{}',
        server_groups: '[]',
        is_mapped: true,
        created_at: createdAt,
        deleted: 0,
      });
      const spec: ServerRequestSpec = {
        kind: 'server',
        projectId,
        userId,
        flavor,
        image: { id: image.id, name: image.name },
        availabilityZone: null,
        serverGroups: [],
      };
      mappings.push({
        resource_type: 'server',
        resource_id: uuid,
        cell_id: cell.id,
        project_id: projectId,
        user_id: userId,
        queued_for_delete: false,
        created_at: createdAt,
      });
      specs.push({
        resource_id: uuid,
        resource_type: 'server',
        spec: JSON.stringify(spec),
        created_at: createdAt,
      });
      if (isError) {
        const failedAt = new Date(createdAt.getTime() + MINUTE_MS);
        const requestId = `req-${demoUuid(`${cell.name}:${projectId}:request:${k}`)}`;
        faults.push({
          instance_uuid: uuid,
          code: 500,
          message: `Build of instance ${uuid} aborted: Failed to boot the server on ${host}.`.slice(0, 255),
          details: `Traceback (most recent call last):\n  File "cellgate/simulated-hypervisor", in spawn on ${host}\nInstanceBootFailure: the guest did not reach the running state.`,
          host,
          request_id: requestId,
          created_at: failedAt,
          deleted: 0,
        });
        messages.push({
          id: demoUuid(`${cell.name}:${projectId}:message:${k}`),
          project_id: projectId,
          request_id: requestId,
          resource_type: 'SERVER',
          resource_id: uuid,
          action_id: '002',
          detail_id: '110',
          message_level: 'ERROR',
          created_at: failedAt,
          expires_at: new Date(failedAt.getTime() + options.messageTtlS * 1000),
          deleted: false,
        });
      }
    }
    const shareCount = Math.max(1, Math.floor(options.serversPerCell / 5));
    for (let j = 0; j < shareCount; j++) {
      const uuid = demoUuid(`${cell.name}:${projectId}:share:${j}`);
      const createdAt = new Date(
        now.getTime() - (j * 420 + cellIndex * 11 + projectIndex * 5 + 2) * MINUTE_MS,
      );
      const type = DEMO_SHARE_TYPES[0];
      shares.push({
        uuid,
        name: `${projectId}-share-${cell.name}-${j + 1}`,
        description: null,
        size: 1,
        share_proto: 'NFS',
        status: 'AVAILABLE',
        share_type_id: type.id,
        share_type_name: type.name,
        share_network_id: null,
        availability_zone: zone,
        host: `${cell.name}-share@generic`,
        is_public: false,
        export_locations: JSON.stringify([`${cell.name}-nfs.cellgate.test:/shares/${uuid}`]),
        snapshot_support: true,
        create_share_from_snapshot_support: true,
        project_id: projectId,
        user_id: userId,
        is_mapped: true,
        created_at: createdAt,
        deleted: 0,
      });
      const spec: ShareRequestSpec = {
        kind: 'share',
        projectId,
        userId,
        shareProto: 'NFS',
        size: 1,
        shareTypeId: type.id,
        availabilityZone: null,
        shareNetworkId: null,
      };
      mappings.push({
        resource_type: 'share',
        resource_id: uuid,
        cell_id: cell.id,
        project_id: projectId,
        user_id: userId,
        queued_for_delete: false,
        created_at: createdAt,
      });
      specs.push({
        resource_id: uuid,
        resource_type: 'share',
        spec: JSON.stringify(spec),
        created_at: createdAt,
      });
    }
  }

  // Mappings first: a crash in between leaves mappings whose rows a rerun adds, never rows without mappings.
  if (mappings.length > 0) {
    await options.api.insertInto('resource_mappings').ignore().values(mappings).execute();
    await options.api.insertInto('request_specs').ignore().values(specs).execute();
  }
  const addedServers =
    instances.length > 0
      ? await db.insertInto('instances').ignore().values(instances).executeTakeFirst()
      : undefined;
  const addedShares =
    shares.length > 0 ? await db.insertInto('shares').ignore().values(shares).executeTakeFirst() : undefined;
  if (faults.length > 0 && Number(addedServers?.numInsertedOrUpdatedRows ?? 0) > 0) {
    // Faults have no natural key: write only those of servers this run added.
    const existing = new Set(
      (
        await db
          .selectFrom('instance_faults')
          .select('instance_uuid')
          .where(
            'instance_uuid',
            'in',
            faults.map((f) => f.instance_uuid),
          )
          .execute()
      ).map((row) => row.instance_uuid),
    );
    const missing = faults.filter((fault) => !existing.has(fault.instance_uuid));
    if (missing.length > 0) await db.insertInto('instance_faults').values(missing).execute();
  }
  if (messages.length > 0) await db.insertInto('messages').ignore().values(messages).execute();
  return {
    servers: Number(addedServers?.numInsertedOrUpdatedRows ?? 0),
    shares: Number(addedShares?.numInsertedOrUpdatedRows ?? 0),
  };
}

/** The demo compute hosts of a cell. */
export function computeHostsOf(cell: CellMapping): string[] {
  return [`${cell.name}-compute1`, `${cell.name}-compute2`];
}

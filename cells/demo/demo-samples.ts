import type { Insertable } from 'kysely';

import type { CellDatabase } from '../../src/cell-db/cell-database.js';
import { MessageAction, MessageDetail } from '../../src/messages/catalogue.js';
import type { ApiDatabase } from '../../src/registry/api-database.js';
import type { CellMapping } from '../../src/registry/cell-mapping.js';
import type { ServerRequestSpec, ShareRequestSpec } from '../../src/registry/request-spec.js';
import {
  DEMO_FLAVORS,
  DEMO_IMAGES,
  DEMO_SHARE_TYPES,
  demoComputeHosts,
  demoExportHost,
  demoShareBackend,
  demoUuid,
} from './demo-topology.js';

const PROJECTS = [
  { projectId: 'demo', userId: 'demo-user' },
  { projectId: 'alt', userId: 'alt-user' },
] as const;
const MINUTE_MS = 60_000;
/** Minutes between the k-th and the (k+1)-th sample of one project in one cell. */
const ROUND_MINUTES = 300;
/** Minutes between neighbouring (cell, project) slots within one round. */
const SLOT_MINUTES = 7;

/** The sample rows of one cell, before anything is known about what the cell already holds. */
export interface DemoSamplePlan {
  readonly instances: Insertable<CellDatabase['instances']>[];
  readonly faults: Insertable<CellDatabase['instance_faults']>[];
  readonly messages: Insertable<CellDatabase['messages']>[];
  readonly shares: Insertable<CellDatabase['shares']>[];
  readonly mappings: Insertable<ApiDatabase['resource_mappings']>[];
  readonly specs: Insertable<ApiDatabase['request_specs']>[];
}

/**
 * The sample data of one cell (CONTRACT §6): `serversPerCell` servers for project `demo` (user `demo-user`) and
 * as many for `alt` (`alt-user`), m1.tiny and m1.small in turn on the cell's two hosts, every 4th SHUTOFF and
 * every 5th ERROR with a fault and a message (create: boot failed); `max(1, serversPerCell / 5)` AVAILABLE
 * NFS shares per project (none when `serversPerCell` is 0); and the resource mapping and request spec of each.
 *
 * Pure and deterministic: ids derive from names such as `cellgate-demo:cell1:demo:server:3` (`demoUuid`), so
 * the k-th server of a project in a cell is the same row on every run, and times count back from `place.now`
 * (see `sampleTime`). `place.cellIndex` is the cell's position among the `place.cellCount` cells seeded.
 */
export function planDemoSamples(
  cell: CellMapping,
  counts: { readonly serversPerCell: number; readonly messageTtlS: number },
  place: { readonly cellIndex: number; readonly cellCount: number; readonly now: Date },
): DemoSamplePlan {
  const plan: DemoSamplePlan = {
    instances: [],
    faults: [],
    messages: [],
    shares: [],
    mappings: [],
    specs: [],
  };
  const zone = cell.availabilityZone ?? cell.name;
  const hosts = demoComputeHosts(cell);
  const image = DEMO_IMAGES[0];
  const shareType = DEMO_SHARE_TYPES[0];
  const backend = demoShareBackend(cell);
  const n = counts.serversPerCell;
  const shareCount = n === 0 ? 0 : Math.max(1, Math.floor(n / 5));
  for (const [projectIndex, { projectId, userId }] of PROJECTS.entries()) {
    const slot = { index: projectIndex * place.cellCount + place.cellIndex, count: 2 * place.cellCount };
    const owner = { cell_id: cell.id, project_id: projectId, user_id: userId, queued_for_delete: false };
    for (let k = 0; k < n; k++) {
      const uuid = demoUuid(`${cell.name}:${projectId}:server:${k}`);
      const createdAt = sampleTime(place.now, k, slot, 1);
      const flavor = DEMO_FLAVORS[k % 2]!;
      const host = hosts[k % hosts.length]!;
      const isError = k % 5 === 4;
      const isShutoff = !isError && k % 4 === 3;
      plan.instances.push({
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
      plan.mappings.push({ ...owner, resource_type: 'server', resource_id: uuid, created_at: createdAt });
      plan.specs.push({
        resource_id: uuid,
        resource_type: 'server',
        spec: JSON.stringify(spec),
        created_at: createdAt,
      });
      if (!isError) continue;
      const failedAt = new Date(createdAt.getTime() + MINUTE_MS);
      const requestId = `req-${demoUuid(`${cell.name}:${projectId}:server:${k}:request`)}`;
      plan.faults.push({
        instance_uuid: uuid,
        code: 500,
        message: `Build of instance ${uuid} aborted: Failed to boot the server on ${host}.`.slice(0, 255),
        details: [
          'Traceback (most recent call last):',
          `  File "cellgate/simulated-hypervisor", in spawn: boot ${uuid} on ${host}`,
          'InstanceBootFailure: the guest did not reach the running state.',
        ].join('\n'),
        host,
        request_id: requestId,
        created_at: failedAt,
        deleted: 0,
      });
      plan.messages.push({
        id: demoUuid(`${cell.name}:${projectId}:server:${k}:message`),
        project_id: projectId,
        request_id: requestId,
        resource_type: 'SERVER',
        resource_id: uuid,
        action_id: MessageAction.Create.id,
        detail_id: MessageDetail.BootFailed.id,
        message_level: 'ERROR',
        created_at: failedAt,
        expires_at: new Date(failedAt.getTime() + counts.messageTtlS * 1_000),
        deleted: false,
      });
    }
    for (let j = 0; j < shareCount; j++) {
      const uuid = demoUuid(`${cell.name}:${projectId}:share:${j}`);
      const createdAt = sampleTime(place.now, j, slot, 2);
      plan.shares.push({
        uuid,
        name: `${projectId}-share-${cell.name}-${j + 1}`,
        description: null,
        size: 1,
        share_proto: 'NFS',
        status: 'AVAILABLE',
        share_type_id: shareType.id,
        share_type_name: shareType.name,
        share_network_id: null,
        availability_zone: zone,
        host: backend,
        is_public: false,
        export_locations: JSON.stringify([`${demoExportHost(cell)}:/shares/${uuid}`]),
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
        shareTypeId: shareType.id,
        availabilityZone: null,
        shareNetworkId: null,
      };
      plan.mappings.push({ ...owner, resource_type: 'share', resource_id: uuid, created_at: createdAt });
      plan.specs.push({
        resource_id: uuid,
        resource_type: 'share',
        spec: JSON.stringify(spec),
        created_at: createdAt,
      });
    }
  }
  return plan;
}

/**
 * The creation time of the k-th sample of one (cell, project) slot: `now` minus k rounds of five hours, minus
 * seven minutes per slot. Slots run through the cells first, then the projects, so newest first the order is
 * cell1/demo, cell2/demo, …, cell1/alt, cell2/alt, … and then the next k: the cells alternate. Every time is a
 * whole number of minutes distinct from every other one (a round is longer than all its slots together).
 */
function sampleTime(
  now: Date,
  k: number,
  slot: { readonly index: number; readonly count: number },
  offsetMinutes: number,
): Date {
  const roundMinutes = Math.max(ROUND_MINUTES, slot.count * SLOT_MINUTES);
  return new Date(now.getTime() - (k * roundMinutes + slot.index * SLOT_MINUTES + offsetMinutes) * MINUTE_MS);
}

import { listComputeHostRows } from '../cell-db/host-state.repository.js';
import { insertInstanceRow, instanceRowToServer, type InstanceRow } from '../cell-db/instance.repository.js';
import type { Server } from '../cell-db/server.js';
import { findFlavorByName } from '../registry/flavor.repository.js';
import { findImage } from '../registry/image.repository.js';
import type { ServerRequestSpec } from '../registry/request-spec.js';
import { selectComputeHost } from '../scheduling/select-host.js';
import { createResource } from './create-resource.js';
import { inputError, optionalText, requiredText } from './input-error.js';
import type { ProvisionContext } from './provision-context.js';

/** The `createServer` input. */
export interface CreateServerInput {
  readonly name: string;
  readonly flavor: string;
  readonly image?: string | null | undefined;
  readonly availabilityZone?: string | null | undefined;
  readonly metadata?: unknown;
}

/**
 * Starts building a server (Nova's `POST /servers`): answers at once with status BUILD.
 *
 *   1. validates the input (`BAD_USER_INPUT` naming the field; nothing written);
 *   2. asks every enabled cell (cell0 aside) for its compute hosts; unreachable cells are not candidates, and when
 *      every cell that could take the request (of the requested zone, if any) is unreachable the create fails
 *      with `CELL_UNAVAILABLE`, writing nothing;
 *   3. runs the filter scheduler (AvailabilityZone, Capacity) over the answers and writes the server into the
 *      chosen host's cell with a `build_server` task, or, when no host can take it, into cell0 with a
 *      `fail_schedule` task that turns it ERROR with a fault and an "allocate host" message.
 * Steps 2 and 3 are `createResource`, shared with shares.
 */
export async function createServer(ctx: ProvisionContext, input: CreateServerInput): Promise<Server> {
  const name = requiredText('input.name', input.name);
  const flavorName = requiredText('input.flavor', input.flavor);
  const availabilityZone = optionalText('input.availabilityZone', input.availabilityZone);
  const metadata = validateMetadata(input.metadata);
  const flavor = await findFlavorByName(ctx.api, flavorName);
  if (!flavor) throw inputError('input.flavor', `Flavor "${flavorName}" was not found.`);
  const imageRef = optionalText('input.image', input.image);
  const image = imageRef === undefined ? undefined : await findImage(ctx.api, imageRef);
  if (imageRef !== undefined && !image) throw inputError('input.image', `Image "${imageRef}" was not found.`);

  const spec: ServerRequestSpec = {
    kind: 'server',
    projectId: ctx.viewer.projectId,
    userId: ctx.viewer.userId,
    flavor,
    image: image ? { id: image.id, name: image.name } : null,
    availabilityZone: availabilityZone ?? null,
    serverGroups: [],
  };
  const { row, cellUuid } = await createResource(ctx, {
    kind: 'server',
    availabilityZone,
    spec,
    listHostsFn: (db) => listComputeHostRows(db, ctx.config.workers.serviceDownTimeS),
    selectFn: (hosts) =>
      selectComputeHost(hosts, {
        vcpus: flavor.vcpus,
        memoryMb: flavor.ram,
        diskGb: flavor.disk + flavor.ephemeral,
        availabilityZone: availabilityZone ?? null,
      }),
    rowFn: (id, now, selection): Omit<InstanceRow, 'id'> => ({
      uuid: id,
      display_name: name,
      project_id: ctx.viewer.projectId,
      user_id: ctx.viewer.userId,
      vm_state: 'building',
      task_state: selection.status === 'selected' ? 'spawning' : 'scheduling',
      power_state: 0,
      host: selection.status === 'selected' ? selection.host.host : null,
      availability_zone:
        selection.status === 'selected' ? selection.host.availabilityZone : (availabilityZone ?? null),
      flavor_name: flavor.name,
      flavor: JSON.stringify(flavor),
      image_ref: image?.id ?? null,
      image_name: image?.name ?? null,
      metadata: JSON.stringify(metadata),
      server_groups: '[]',
      is_mapped: 0,
      created_at: now,
      updated_at: null,
      deleted_at: null,
      deleted: 0,
    }),
    insertRowFn: insertInstanceRow,
    workTaskFn: () => ({ kind: 'build_server', payload: { imageProperties: image?.properties ?? {} } }),
  });
  return instanceRowToServer({ ...row, id: 0 }, cellUuid);
}

function validateMetadata(metadata: unknown): Record<string, string> {
  if (metadata === null || metadata === undefined) return {};
  if (typeof metadata !== 'object' || Array.isArray(metadata)) {
    throw inputError('input.metadata', 'metadata must be an object of string keys and string values.');
  }
  const entries = Object.entries(metadata as Record<string, unknown>);
  if (entries.length > 128) throw inputError('input.metadata', 'metadata may hold at most 128 items.');
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > 255 || typeof value !== 'string' || value.length > 255) {
      throw inputError(
        'input.metadata',
        `metadata "${key.slice(0, 40)}" must be a key of 1 to 255 characters with a string value of at most 255.`,
      );
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

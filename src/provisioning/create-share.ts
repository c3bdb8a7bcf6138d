import { listShareBackendRows } from '../cell-db/host-state.repository.js';
import { insertShareRow, shareRowToShare, type ShareRow } from '../cell-db/share.repository.js';
import type { Share } from '../cell-db/share.js';
import { MessageDetail } from '../messages/catalogue.js';
import type { ShareRequestSpec } from '../registry/request-spec.js';
import { findShareNetwork } from '../registry/share-network.repository.js';
import { findShareType } from '../registry/share-type.repository.js';
import { selectShareBackend } from '../scheduling/select-host.js';
import { createResource } from './create-resource.js';
import { inputError, optionalText } from './input-error.js';
import type { ProvisionContext } from './provision-context.js';

/** The `createShare` input. */
export interface CreateShareInput {
  readonly shareProto: string;
  readonly size: number;
  readonly name?: string | null | undefined;
  readonly description?: string | null | undefined;
  readonly shareType?: string | null | undefined;
  readonly shareNetwork?: string | null | undefined;
  readonly availabilityZone?: string | null | undefined;
  readonly isPublic?: boolean | null | undefined;
}

const SHARE_PROTOCOLS = ['NFS', 'CIFS'] as const;

/**
 * Starts creating a share (Manila's `POST /shares`): answers at once with status CREATING.
 *
 * Validation as Manila's API does it, including its one synchronous check: a share type with
 * `driver_handles_share_servers=True` needs a share network. Then Manila's filter scheduler (AvailabilityZone,
 * Capacity, Capabilities with the share type's extra specs) over the backends the reachable cells report; the
 * share goes to the chosen backend's cell with a `create_share` task, or to cell0 with a `fail_schedule` task that
 * turns it ERROR with message "allocate host" and the detail of the filter that failed (seed 000); that course is
 * `createResource`, shared with servers. Everything else (the DHSS mismatch of a share network, export locations)
 * happens in the cell's worker.
 */
export async function createShare(ctx: ProvisionContext, input: CreateShareInput): Promise<Share> {
  const shareProto = input.shareProto.trim().toUpperCase();
  if (!(SHARE_PROTOCOLS as readonly string[]).includes(shareProto)) {
    throw inputError(
      'input.shareProto',
      `shareProto must be one of ${SHARE_PROTOCOLS.join(', ')}, got "${input.shareProto}".`,
    );
  }
  if (!Number.isInteger(input.size) || input.size < 1) {
    throw inputError('input.size', `size must be a positive number of GB, got ${input.size}.`);
  }
  const name = optionalText('input.name', input.name);
  const description = optionalText('input.description', input.description, 1024);
  const availabilityZone = optionalText('input.availabilityZone', input.availabilityZone);
  const shareType = await findShareType(ctx.api, optionalText('input.shareType', input.shareType));
  if (!shareType) {
    throw input.shareType
      ? inputError('input.shareType', `Share type "${input.shareType}" was not found.`)
      : // Manila accepts such a create and fails it later with 002/024; we refuse at once with the same text.
        inputError('input.shareType', MessageDetail.NoDefaultShareType.text);
  }
  const networkRef = optionalText('input.shareNetwork', input.shareNetwork);
  const network =
    networkRef === undefined ? undefined : await findShareNetwork(ctx.api, ctx.viewer.projectId, networkRef);
  if (networkRef !== undefined && !network) {
    throw inputError('input.shareNetwork', `Share network "${networkRef}" was not found.`);
  }
  const extraSpecs = { ...shareType.optionalExtraSpecs, ...shareType.requiredExtraSpecs };
  if (/^(<is>\s*)?true$/i.test(extraSpecs['driver_handles_share_servers'] ?? '') && !network) {
    throw inputError(
      'input.shareNetwork',
      'Share network must be set when the driver_handles_share_servers is true.',
    );
  }

  const spec: ShareRequestSpec = {
    kind: 'share',
    projectId: ctx.viewer.projectId,
    userId: ctx.viewer.userId,
    shareProto,
    size: input.size,
    shareTypeId: shareType.id,
    availabilityZone: availabilityZone ?? null,
    shareNetworkId: network?.id ?? null,
  };
  const { row, cellUuid } = await createResource(ctx, {
    kind: 'share',
    availabilityZone,
    spec,
    listHostsFn: (db) => listShareBackendRows(db, ctx.config.workers.serviceDownTimeS),
    selectFn: (backends) =>
      selectShareBackend(backends, {
        sizeGb: input.size,
        shareProto,
        availabilityZone: availabilityZone ?? null,
        extraSpecs,
      }),
    // The backend is set by the worker when it creates the share there.
    rowFn: (id, now): Omit<ShareRow, 'id'> => ({
      uuid: id,
      name: name ?? null,
      description: description ?? null,
      size: input.size,
      share_proto: shareProto,
      status: 'CREATING',
      share_type_id: shareType.id,
      share_type_name: shareType.name,
      share_network_id: network?.id ?? null,
      availability_zone: availabilityZone ?? null,
      host: null,
      is_public: input.isPublic ? 1 : 0,
      export_locations: '[]',
      snapshot_support: booleanSpec(extraSpecs['snapshot_support']),
      create_share_from_snapshot_support: booleanSpec(extraSpecs['create_share_from_snapshot_support']),
      project_id: ctx.viewer.projectId,
      user_id: ctx.viewer.userId,
      is_mapped: 0,
      created_at: now,
      updated_at: null,
      deleted_at: null,
      deleted: 0,
    }),
    insertRowFn: insertShareRow,
    workTaskFn: (backend) => ({ kind: 'create_share', payload: { host: backend.host } }),
  });
  return shareRowToShare({ ...row, id: 0 }, cellUuid);
}

function booleanSpec(value: string | undefined): number | null {
  if (value === undefined) return null;
  return /^(<is>\s*)?true$/i.test(value.trim()) ? 1 : 0;
}

import type { Share } from '../cell-db/share.js';
import type { ResourceMapping } from '../registry/resource-mapping.repository.js';

/**
 * The minimal construct of a share whose cell did not answer: Nova's down-cell rules applied to shares.
 *
 * From the mapping: id, project, user, creation time; from the request spec: protocol, size, share type and
 * availability zone. Status UNKNOWN; every other field `null`.
 */
export function buildMinimalShare(mapping: ResourceMapping, cellUuid: string): Share {
  const spec = mapping.spec?.kind === 'share' ? mapping.spec : null;
  return {
    id: mapping.resourceId,
    name: null,
    description: null,
    size: spec?.size ?? null,
    shareProto: spec?.shareProto ?? null,
    status: 'UNKNOWN',
    shareTypeId: spec?.shareTypeId ?? null,
    shareNetworkId: null,
    availabilityZone: spec ? (spec.availabilityZone ?? 'UNKNOWN') : null,
    host: null,
    isPublic: null,
    exportLocations: null,
    snapshotSupport: null,
    createShareFromSnapshotSupport: null,
    projectId: mapping.projectId,
    userId: mapping.userId ?? spec?.userId ?? null,
    createdAt: mapping.createdAt,
    updatedAt: null,
    cellUuid,
    isConstruct: true,
  };
}

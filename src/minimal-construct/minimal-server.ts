import type { Server } from '../cell-db/server.js';
import type { ResourceMapping } from '../registry/resource-mapping.repository.js';

/**
 * The minimal construct of a server whose cell did not answer (Nova microversion 2.69/2.71).
 *
 * Built from the API database only: the mapping gives id, project, user and creation time; the request spec, when
 * there is one, gives flavor, image, availability zone (`"UNKNOWN"` when none was requested) and server groups.
 * Status is UNKNOWN, power state NOSTATE; every other field is `null`, and a construct never has a fault.
 */
export function buildMinimalServer(mapping: ResourceMapping, cellUuid: string): Server {
  const spec = mapping.spec?.kind === 'server' ? mapping.spec : null;
  return {
    id: mapping.resourceId,
    name: null,
    status: 'UNKNOWN',
    projectId: mapping.projectId,
    userId: mapping.userId ?? spec?.userId ?? null,
    created: mapping.createdAt,
    updated: null,
    flavor: spec?.flavor ?? null,
    image: spec?.image ? { id: spec.image.id, name: spec.image.name } : null,
    availabilityZone: spec ? (spec.availabilityZone ?? 'UNKNOWN') : null,
    powerState: 'NOSTATE',
    host: null,
    serverGroups: spec ? [...spec.serverGroups] : null,
    metadata: null,
    cellUuid,
    isConstruct: true,
  };
}

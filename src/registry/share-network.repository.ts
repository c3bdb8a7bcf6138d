import { randomUUID } from 'node:crypto';

import type { Kysely, Selectable } from 'kysely';

import type { ApiDatabase, ShareNetworksTable } from './api-database.js';

/** A share network (Manila): the tenant network a share should be exported on. */
export interface ShareNetworkRecord {
  readonly id: string;
  readonly name: string | null;
  readonly neutronNetId: string;
  readonly neutronSubnetId: string;
  readonly projectId: string;
  readonly createdAt: Date;
}

/** The share networks of `projectId` (every project when `null`), newest first. */
export async function listShareNetworks(
  api: Kysely<ApiDatabase>,
  projectId: string | null,
): Promise<ShareNetworkRecord[]> {
  let select = api.selectFrom('share_networks').selectAll();
  if (projectId !== null) select = select.where('project_id', '=', projectId);
  const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map(shareNetworkRowToRecord);
}

/** The share network of `projectId` whose id or name is `idOrName`, or `undefined`. */
export async function findShareNetwork(
  api: Kysely<ApiDatabase>,
  projectId: string,
  idOrName: string,
): Promise<ShareNetworkRecord | undefined> {
  const row = await api
    .selectFrom('share_networks')
    .selectAll()
    .where('project_id', '=', projectId)
    .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  return row ? shareNetworkRowToRecord(row) : undefined;
}

/** Creates a share network for `projectId`. */
export async function insertShareNetwork(
  api: Kysely<ApiDatabase>,
  input: {
    readonly name: string | null;
    readonly neutronNetId: string;
    readonly neutronSubnetId: string;
    readonly projectId: string;
    readonly userId: string;
  },
  now = new Date(),
): Promise<ShareNetworkRecord> {
  const id = randomUUID();
  await api
    .insertInto('share_networks')
    .values({
      id,
      name: input.name,
      neutron_net_id: input.neutronNetId,
      neutron_subnet_id: input.neutronSubnetId,
      project_id: input.projectId,
      user_id: input.userId,
      created_at: now,
    })
    .execute();
  return {
    id,
    name: input.name,
    neutronNetId: input.neutronNetId,
    neutronSubnetId: input.neutronSubnetId,
    projectId: input.projectId,
    createdAt: now,
  };
}

function shareNetworkRowToRecord(row: Selectable<ShareNetworksTable>): ShareNetworkRecord {
  return {
    id: row.id,
    name: row.name,
    neutronNetId: row.neutron_net_id,
    neutronSubnetId: row.neutron_subnet_id,
    projectId: row.project_id,
    createdAt: row.created_at,
  };
}

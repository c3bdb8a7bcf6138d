import { sql } from 'kysely';

import { signTokens } from '../src/cli/token-command.js';
import type { CellDatabase } from '../src/cell-db/cell-database.js';
import { openDatabase } from '../src/database/open-database.js';
import type { ApiDatabase } from '../src/registry/api-database.js';
import type { Topology } from '../test/support/topology.js';

/**
 * Adds project `tenant` to a seeded deployment: a copy of project `demo`'s servers in `cellNames` only (names
 * `tenant-<cell>-NN`, new ids), each with its resource mapping in the API database, as if they had been created
 * through the gateway. Returns a member token of the project.
 *
 * The demo seed puts both of its projects in every cell, so a member's list of `demo` grows with the cell count
 * however the gateway picks its cells; `tenant` stays in the same few cells at any count, which is what a
 * project usually looks like in a deployment of many cells and what per-project cells are for.
 */
export async function seedTenantProject(deployment: Topology, cellNames: readonly string[]): Promise<string> {
  const cells = deployment.app!.services.registry.cells();
  const api = openDatabase<ApiDatabase>({
    url: deployment.config.apiDatabaseUrl,
    label: 'api',
    serverStatementTimeoutS: 0,
  });
  try {
    for (const name of cellNames) {
      const cell = cells.find((candidate) => candidate.name === name);
      if (!cell) throw new Error(`No cell ${name} in this deployment.`);
      const { db } = openDatabase<CellDatabase>({
        url: cell.databaseUrl,
        label: name,
        serverStatementTimeoutS: 0,
      });
      try {
        await sql`
          insert into instances (uuid, display_name, project_id, user_id, vm_state, task_state, power_state, host,
            availability_zone, flavor_name, flavor, image_ref, image_name, metadata, server_groups, is_mapped,
            created_at, updated_at, deleted_at, deleted)
          select uuid(), replace(display_name, 'demo-', 'tenant-'), 'tenant', 'tenant-user', vm_state, task_state,
            power_state, host, availability_zone, flavor_name, flavor, image_ref, image_name, metadata,
            server_groups, is_mapped, created_at, updated_at, deleted_at, deleted
          from instances where project_id = 'demo'
        `.execute(db);
        const rows = await db
          .selectFrom('instances')
          .select(['uuid', 'created_at'])
          .where('project_id', '=', 'tenant')
          .execute();
        for (let start = 0; start < rows.length; start += 500) {
          await api.db
            .insertInto('resource_mappings')
            .values(
              rows.slice(start, start + 500).map((row) => ({
                resource_type: 'server',
                resource_id: row.uuid,
                cell_id: cell.id,
                project_id: 'tenant',
                user_id: 'tenant-user',
                queued_for_delete: false,
                created_at: row.created_at ?? new Date(),
              })),
            )
            .execute();
        }
      } finally {
        await db.destroy();
      }
    }
  } finally {
    await api.db.destroy();
  }
  const [token] = await signTokens(deployment.config, [
    { userId: 'tenant-user', projectId: 'tenant', role: 'member' },
  ]);
  return token!;
}

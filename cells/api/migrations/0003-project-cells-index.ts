import type { Kysely } from 'kysely';

/**
 * An index that answers "which cells hold this project's resources?" (`listCellIdsOfProject`) from the index
 * alone, so a member's list can ask only those cells without a scan of every mapping.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('resource_mappings_project_cells')
    .on('resource_mappings')
    .columns(['project_id', 'resource_type', 'cell_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('resource_mappings_project_cells').on('resource_mappings').execute();
}

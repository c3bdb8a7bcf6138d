import type { Kysely } from 'kysely';

import { datetime3, withBinaryCollation } from '../../column-types.js';

/** The API database: cells, where every resource lives, request specs, and the shared catalogue. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await withBinaryCollation(
    db.schema
      .createTable('cell_mappings')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('uuid', 'char(36)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('database_url', 'text', (c) => c.notNull())
      .addColumn('availability_zone', 'varchar(255)')
      .addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('created_at', datetime3, (c) => c.notNull())
      .addColumn('updated_at', datetime3),
  ).execute();

  await withBinaryCollation(
    db.schema
      .createTable('resource_mappings')
      .addColumn('id', 'bigint', (c) => c.primaryKey().autoIncrement())
      .addColumn('resource_type', 'varchar(16)', (c) => c.notNull())
      .addColumn('resource_id', 'char(36)', (c) => c.notNull().unique())
      .addColumn('cell_id', 'integer', (c) => c.notNull().references('cell_mappings.id'))
      .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(255)')
      .addColumn('queued_for_delete', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('created_at', datetime3, (c) => c.notNull())
      .addColumn('updated_at', datetime3),
  ).execute();
  await db.schema
    .createIndex('resource_mappings_cell_scope')
    .on('resource_mappings')
    .columns(['resource_type', 'cell_id', 'queued_for_delete', 'project_id', 'id'])
    .execute();

  await withBinaryCollation(
    db.schema
      .createTable('request_specs')
      .addColumn('resource_id', 'char(36)', (c) => c.primaryKey())
      .addColumn('resource_type', 'varchar(16)', (c) => c.notNull())
      .addColumn('spec', 'text', (c) => c.notNull())
      .addColumn('created_at', datetime3, (c) => c.notNull()),
  ).execute();

  await withBinaryCollation(
    db.schema
      .createTable('host_mappings')
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('cell_id', 'integer', (c) => c.notNull().references('cell_mappings.id'))
      .addColumn('host', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('created_at', datetime3, (c) => c.notNull()),
  ).execute();

  await withBinaryCollation(
    db.schema
      .createTable('flavors')
      .addColumn('id', 'char(36)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('vcpus', 'integer', (c) => c.notNull())
      .addColumn('ram', 'integer', (c) => c.notNull())
      .addColumn('disk', 'integer', (c) => c.notNull())
      .addColumn('ephemeral', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('swap', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('extra_specs', 'text', (c) => c.notNull())
      .addColumn('created_at', datetime3, (c) => c.notNull()),
  ).execute();

  await withBinaryCollation(
    db.schema
      .createTable('images')
      .addColumn('id', 'char(36)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('properties', 'text', (c) => c.notNull())
      .addColumn('created_at', datetime3, (c) => c.notNull()),
  ).execute();

  await withBinaryCollation(
    db.schema
      .createTable('share_types')
      .addColumn('id', 'char(36)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(255)', (c) => c.notNull().unique())
      .addColumn('is_default', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('visibility', 'varchar(16)', (c) => c.notNull().defaultTo('public'))
      .addColumn('required_extra_specs', 'text', (c) => c.notNull())
      .addColumn('optional_extra_specs', 'text', (c) => c.notNull())
      .addColumn('created_at', datetime3, (c) => c.notNull()),
  ).execute();

  await withBinaryCollation(
    db.schema
      .createTable('share_networks')
      .addColumn('id', 'char(36)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(255)')
      .addColumn('neutron_net_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('neutron_subnet_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(255)')
      .addColumn('created_at', datetime3, (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('share_networks_project').on('share_networks').column('project_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'share_networks',
    'share_types',
    'images',
    'flavors',
    'host_mappings',
    'request_specs',
    'resource_mappings',
    'cell_mappings',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

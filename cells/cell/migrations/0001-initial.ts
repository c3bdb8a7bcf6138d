import { sql, type Kysely } from 'kysely';

import { datetime3, withBinaryCollation } from '../../column-types.js';

/**
 * A cell database: its servers (Nova's `instances`), shares, services, hosts and backends, and the messages,
 * faults and tasks its workers produce. Every cell, cell0 included, has the same schema.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await withBinaryCollation(
    db.schema
      .createTable('instances')
      .addColumn('id', 'bigint', (c) => c.primaryKey().autoIncrement())
      .addColumn('uuid', 'char(36)', (c) => c.notNull().unique())
      .addColumn('display_name', 'varchar(255)')
      .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('vm_state', 'varchar(32)', (c) => c.notNull())
      .addColumn('task_state', 'varchar(32)')
      .addColumn('power_state', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('host', 'varchar(255)')
      .addColumn('availability_zone', 'varchar(255)')
      .addColumn('flavor_name', 'varchar(255)', (c) => c.notNull())
      .addColumn('flavor', 'text', (c) => c.notNull())
      .addColumn('image_ref', 'char(36)')
      .addColumn('image_name', 'varchar(255)')
      .addColumn('metadata', 'text', (c) => c.notNull())
      .addColumn('server_groups', 'text', (c) => c.notNull())
      .addColumn('is_mapped', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('created_at', datetime3, (c) => c.notNull())
      .addColumn('updated_at', datetime3)
      .addColumn('deleted_at', datetime3)
      .addColumn('deleted', 'bigint', (c) => c.notNull().defaultTo(0)),
  ).execute();
  await db.schema
    .createIndex('instances_deleted_created')
    .on('instances')
    .columns(['deleted', 'created_at', 'uuid'])
    .execute();
  await db.schema
    .createIndex('instances_project_deleted_created')
    .on('instances')
    .columns(['project_id', 'deleted', 'created_at', 'uuid'])
    .execute();
  await db.schema.createIndex('instances_host').on('instances').columns(['host', 'deleted']).execute();
  await db.schema
    .createIndex('instances_unmapped')
    .on('instances')
    .columns(['is_mapped', 'created_at'])
    .execute();

  await withBinaryCollation(
    db.schema
      .createTable('instance_faults')
      .addColumn('id', 'bigint', (c) => c.primaryKey().autoIncrement())
      .addColumn('instance_uuid', 'char(36)', (c) => c.notNull())
      .addColumn('code', 'integer', (c) => c.notNull())
      .addColumn('message', 'varchar(255)', (c) => c.notNull())
      .addColumn('details', sql`mediumtext`)
      .addColumn('host', 'varchar(255)')
      .addColumn('request_id', 'varchar(255)')
      .addColumn('created_at', datetime3, (c) => c.notNull())
      .addColumn('deleted', 'bigint', (c) => c.notNull().defaultTo(0)),
  ).execute();
  await db.schema
    .createIndex('instance_faults_instance')
    .on('instance_faults')
    .columns(['instance_uuid', 'deleted', 'id'])
    .execute();

  await withBinaryCollation(
    db.schema
      .createTable('services')
      .addColumn('id', 'bigint', (c) => c.primaryKey().autoIncrement())
      .addColumn('uuid', 'char(36)', (c) => c.notNull().unique())
      .addColumn('host', 'varchar(255)', (c) => c.notNull())
      .addColumn('binary', 'varchar(32)', (c) => c.notNull())
      .addColumn('availability_zone', 'varchar(255)')
      .addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('disabled_reason', 'varchar(255)')
      .addColumn('forced_down', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('ensuring', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('last_seen_up', datetime3)
      .addColumn('report_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', datetime3, (c) => c.notNull())
      .addColumn('updated_at', datetime3)
      .addColumn('deleted', 'bigint', (c) => c.notNull().defaultTo(0))
      .addUniqueConstraint('services_host_binary', ['host', 'binary', 'deleted']),
  ).execute();

  await withBinaryCollation(
    db.schema
      .createTable('compute_nodes')
      .addColumn('host', 'varchar(255)', (c) => c.primaryKey())
      .addColumn('vcpus', 'integer', (c) => c.notNull())
      .addColumn('memory_mb', 'integer', (c) => c.notNull())
      .addColumn('local_gb', 'integer', (c) => c.notNull())
      .addColumn('created_at', datetime3, (c) => c.notNull()),
  ).execute();

  await withBinaryCollation(
    db.schema
      .createTable('share_backends')
      .addColumn('host', 'varchar(255)', (c) => c.primaryKey())
      .addColumn('availability_zone', 'varchar(255)')
      .addColumn('capabilities', 'text', (c) => c.notNull())
      .addColumn('configuration', 'text', (c) => c.notNull())
      .addColumn('total_capacity_gb', 'integer', (c) => c.notNull())
      .addColumn('created_at', datetime3, (c) => c.notNull())
      .addColumn('updated_at', datetime3),
  ).execute();

  await withBinaryCollation(
    db.schema
      .createTable('shares')
      .addColumn('id', 'bigint', (c) => c.primaryKey().autoIncrement())
      .addColumn('uuid', 'char(36)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(255)')
      .addColumn('description', 'varchar(1024)')
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('share_proto', 'varchar(16)', (c) => c.notNull())
      .addColumn('status', 'varchar(32)', (c) => c.notNull())
      .addColumn('share_type_id', 'char(36)')
      .addColumn('share_type_name', 'varchar(255)')
      .addColumn('share_network_id', 'char(36)')
      .addColumn('availability_zone', 'varchar(255)')
      .addColumn('host', 'varchar(255)')
      .addColumn('is_public', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('export_locations', 'text', (c) => c.notNull())
      .addColumn('snapshot_support', 'boolean')
      .addColumn('create_share_from_snapshot_support', 'boolean')
      .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('user_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('is_mapped', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('created_at', datetime3, (c) => c.notNull())
      .addColumn('updated_at', datetime3)
      .addColumn('deleted_at', datetime3)
      .addColumn('deleted', 'bigint', (c) => c.notNull().defaultTo(0)),
  ).execute();
  await db.schema
    .createIndex('shares_deleted_created')
    .on('shares')
    .columns(['deleted', 'created_at', 'uuid'])
    .execute();
  await db.schema
    .createIndex('shares_project_deleted_created')
    .on('shares')
    .columns(['project_id', 'deleted', 'created_at', 'uuid'])
    .execute();
  await db.schema
    .createIndex('shares_host_status')
    .on('shares')
    .columns(['host', 'status', 'deleted'])
    .execute();
  await db.schema.createIndex('shares_unmapped').on('shares').columns(['is_mapped', 'created_at']).execute();

  await withBinaryCollation(
    db.schema
      .createTable('messages')
      .addColumn('id', 'char(36)', (c) => c.primaryKey())
      .addColumn('project_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('request_id', 'varchar(255)')
      .addColumn('resource_type', 'varchar(32)', (c) => c.notNull())
      .addColumn('resource_id', 'char(36)')
      .addColumn('action_id', 'varchar(10)', (c) => c.notNull())
      .addColumn('detail_id', 'varchar(10)', (c) => c.notNull())
      .addColumn('message_level', 'varchar(16)', (c) => c.notNull())
      .addColumn('created_at', datetime3, (c) => c.notNull())
      .addColumn('expires_at', datetime3, (c) => c.notNull())
      .addColumn('updated_at', datetime3)
      .addColumn('deleted_at', datetime3)
      .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false)),
  ).execute();
  await db.schema
    .createIndex('messages_project_created')
    .on('messages')
    .columns(['project_id', 'deleted', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('messages_created')
    .on('messages')
    .columns(['deleted', 'created_at', 'id'])
    .execute();
  await db.schema.createIndex('messages_expires').on('messages').column('expires_at').execute();
  await db.schema
    .createIndex('messages_resource')
    .on('messages')
    .columns(['resource_id', 'deleted'])
    .execute();
  await db.schema.createIndex('messages_request').on('messages').column('request_id').execute();

  await withBinaryCollation(
    db.schema
      .createTable('tasks')
      .addColumn('id', 'bigint', (c) => c.primaryKey().autoIncrement())
      .addColumn('kind', 'varchar(32)', (c) => c.notNull())
      .addColumn('resource_id', 'varchar(255)')
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('request_id', 'varchar(255)')
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('lease_until', datetime3)
      .addColumn('claimed_by', 'varchar(255)')
      .addColumn('last_error', 'text')
      .addColumn('created_at', datetime3, (c) => c.notNull())
      .addColumn('updated_at', datetime3),
  ).execute();
  await db.schema.createIndex('tasks_claim').on('tasks').columns(['status', 'lease_until', 'id']).execute();

  await withBinaryCollation(
    db.schema
      .createTable('leases')
      .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('holder', 'varchar(255)')
      .addColumn('lease_until', datetime3),
  ).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'leases',
    'tasks',
    'messages',
    'shares',
    'share_backends',
    'compute_nodes',
    'services',
    'instance_faults',
    'instances',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

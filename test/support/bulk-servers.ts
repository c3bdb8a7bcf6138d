import { sql, type Kysely } from 'kysely';

import type { CellDatabase } from '../../src/cell-db/cell-database.js';

/** Options of `bulkInsertServers`. */
export interface BulkServersOptions {
  /** Servers to add. */
  readonly count: number;
  /** Projects they spread over, `project-0` … Default `50`. */
  readonly projects?: number;
  /** The sequence number of the first server, so that a second call adds other servers. Default `1`. */
  readonly from?: number;
}

/**
 * Writes many servers straight into a cell's `instances` (no mappings), by `INSERT … SELECT` over MariaDB's
 * sequence engine, 10,000 rows a statement: a hundred thousand in seconds, where the demo seed takes minutes.
 *
 * Many equal values on purpose: names (every 17th null), states, zones (every 11th null), hosts, flavors and
 * creation times (three servers a second: ties the id must break); every 7th never updated; every 20th
 * soft-deleted (`deleted = id`), as Nova does.
 */
export async function bulkInsertServers(
  db: Kysely<CellDatabase>,
  options: BulkServersOptions,
): Promise<void> {
  const projects = options.projects ?? 50;
  const from = options.from ?? 1;
  const last = from + options.count - 1;
  for (let start = from; start <= last; start += 10_000) {
    const end = Math.min(last, start + 9_999);
    await sql`
      insert into instances (uuid, display_name, project_id, user_id, vm_state, task_state, power_state, host,
        availability_zone, flavor_name, flavor, image_ref, image_name, metadata, server_groups, is_mapped,
        created_at, updated_at, deleted_at, deleted)
      select
        concat(lpad(hex(seq), 8, '0'), '-', substr(md5(seq), 1, 4), '-4000-8000-', substr(md5(seq), 5, 12)),
        if(seq % 17 = 0, null, concat('server-', seq % 3000)),
        concat('project-', seq % ${projects}),
        concat('user-', seq % 40),
        elt(1 + seq % 5, 'active', 'building', 'stopped', 'error', 'active'),
        null,
        1,
        concat('host-', seq % 40),
        if(seq % 11 = 0, null, concat('az-', seq % 3)),
        elt(1 + seq % 3, 'm1.small', 'm1.medium', 'm1.large'),
        '{"name":"m1.small","vcpus":1,"ram":512,"disk":1,"ephemeral":0,"swap":0,"extraSpecs":{}}',
        if(seq % 4 = 0, null, uuid()),
        if(seq % 4 = 0, null, elt(1 + seq % 2, 'cirros', 'ubuntu')),
        '{}',
        '[]',
        true,
        timestamp('2026-01-01') + interval (seq div 3) second,
        if(seq % 7 = 0, null, timestamp('2026-06-01') + interval (seq % 5000) second),
        null,
        0
      from ${sql.raw(`seq_${start}_to_${end}`)}
    `.execute(db);
  }
  await sql`
    update instances set deleted = id, deleted_at = created_at, vm_state = 'deleted'
    where id % 20 = 0 and deleted = 0
  `.execute(db);
}

import { sql, type Kysely } from 'kysely';

import { parseJsonColumn } from '../database/column-types.js';
import type { CellDatabase } from './cell-database.js';

/** A compute host of a cell with its capacity and current usage (live instances placed on it). */
export interface ComputeHostRow {
  readonly host: string;
  readonly availabilityZone: string | null;
  readonly isUp: boolean;
  readonly vcpus: number;
  readonly memoryMb: number;
  readonly localGb: number;
  readonly vcpusUsed: number;
  readonly memoryMbUsed: number;
  readonly localGbUsed: number;
}

/** A share backend of a cell with its capabilities and allocated capacity. */
export interface ShareBackendRow {
  readonly host: string;
  readonly availabilityZone: string | null;
  readonly isUp: boolean;
  readonly capabilities: Readonly<Record<string, unknown>>;
  readonly configuration: Readonly<Record<string, unknown>>;
  readonly totalCapacityGb: number;
  readonly allocatedCapacityGb: number;
}

/**
 * The compute hosts of one cell, with usage summed from the flavors of live instances placed on them; one
 * statement. A host is up when its service is enabled, not forced down and heard from within `serviceDownTimeS`.
 * `excludeInstance` leaves one instance out of the usage (a build claiming its own host).
 */
export async function listComputeHostRows(
  db: Kysely<CellDatabase>,
  serviceDownTimeS: number,
  now = new Date(),
  excludeInstance?: string,
): Promise<ComputeHostRow[]> {
  const freshSince = new Date(now.getTime() - serviceDownTimeS * 1000);
  const rows = await db
    .selectFrom('compute_nodes as n')
    .leftJoin('services as s', (join) =>
      join.onRef('s.host', '=', 'n.host').on('s.binary', '=', 'compute').on('s.deleted', '=', 0),
    )
    .select([
      'n.host',
      'n.vcpus',
      'n.memory_mb',
      'n.local_gb',
      's.availability_zone',
      's.disabled',
      's.forced_down',
      's.last_seen_up',
      (eb) =>
        eb
          .selectFrom('instances as i')
          .select(
            sql<string>`concat_ws(',',
              coalesce(sum(json_extract(i.flavor, '$.vcpus')), 0),
              coalesce(sum(json_extract(i.flavor, '$.ram')), 0),
              coalesce(sum(json_extract(i.flavor, '$.disk') + json_extract(i.flavor, '$.ephemeral')), 0))`.as(
              'usage',
            ),
          )
          .whereRef('i.host', '=', 'n.host')
          .where('i.deleted', '=', 0)
          .where('i.vm_state', '!=', 'error')
          .where('i.uuid', '!=', excludeInstance ?? '')
          .as('usage'),
    ])
    .orderBy('n.host')
    .execute();
  return rows.map((row) => {
    const [vcpusUsed = 0, memoryMbUsed = 0, localGbUsed = 0] = String(row.usage ?? '0,0,0')
      .split(',')
      .map(Number);
    return {
      host: row.host,
      availabilityZone: row.availability_zone ?? null,
      isUp: isServiceUp(row, freshSince),
      vcpus: row.vcpus,
      memoryMb: row.memory_mb,
      localGb: row.local_gb,
      vcpusUsed,
      memoryMbUsed,
      localGbUsed,
    };
  });
}

/** The share backends of one cell with their allocated capacity (live, non-failed shares on them); one statement. */
export async function listShareBackendRows(
  db: Kysely<CellDatabase>,
  serviceDownTimeS: number,
  now = new Date(),
): Promise<ShareBackendRow[]> {
  const freshSince = new Date(now.getTime() - serviceDownTimeS * 1000);
  const rows = await db
    .selectFrom('share_backends as b')
    .leftJoin('services as s', (join) =>
      join.onRef('s.host', '=', 'b.host').on('s.binary', '=', 'share').on('s.deleted', '=', 0),
    )
    .select([
      'b.host',
      'b.availability_zone',
      'b.capabilities',
      'b.configuration',
      'b.total_capacity_gb',
      's.disabled',
      's.forced_down',
      's.last_seen_up',
      (eb) =>
        eb
          .selectFrom('shares as x')
          .select((inner) =>
            inner.fn.coalesce(inner.fn.sum<number>('x.size'), sql<number>`0`).as('allocated'),
          )
          .whereRef('x.host', '=', 'b.host')
          .where('x.deleted', '=', 0)
          .where('x.status', '!=', 'ERROR')
          .as('allocated'),
    ])
    .orderBy('b.host')
    .execute();
  return rows.map((row) => ({
    host: row.host,
    availabilityZone: row.availability_zone,
    isUp: isServiceUp(row, freshSince),
    capabilities: parseJsonColumn<Record<string, unknown>>(row.capabilities, {}),
    configuration: parseJsonColumn<Record<string, unknown>>(row.configuration, {}),
    totalCapacityGb: row.total_capacity_gb,
    allocatedCapacityGb: Number(row.allocated ?? 0),
  }));
}

/** A share backend's own description: where it is, what it can do and how it is configured now. */
export interface ShareBackend {
  readonly host: string;
  readonly availabilityZone: string | null;
  readonly capabilities: Readonly<Record<string, unknown>>;
  readonly configuration: Readonly<Record<string, unknown>>;
}

/** The share backend `host` (`host@backend`) of this cell, or `undefined` when the cell has none by that name. */
export async function findShareBackend(
  db: Kysely<CellDatabase>,
  host: string,
): Promise<ShareBackend | undefined> {
  const row = await db.selectFrom('share_backends').selectAll().where('host', '=', host).executeTakeFirst();
  if (!row) return undefined;
  return {
    host: row.host,
    availabilityZone: row.availability_zone,
    capabilities: parseJsonColumn<Record<string, unknown>>(row.capabilities, {}),
    configuration: parseJsonColumn<Record<string, unknown>>(row.configuration, {}),
  };
}

/** Replaces a share backend's configuration. */
export async function updateShareBackendConfiguration(
  db: Kysely<CellDatabase>,
  host: string,
  configuration: Readonly<Record<string, unknown>>,
  now: Date,
): Promise<void> {
  await db
    .updateTable('share_backends')
    .set({ configuration: JSON.stringify(configuration), updated_at: now })
    .where('host', '=', host)
    .execute();
}

/**
 * Locks a compute host's row until the caller's transaction ends, so that two builds claiming the same host's
 * capacity run one after the other.
 */
export async function lockComputeNode(trx: Kysely<CellDatabase>, host: string): Promise<void> {
  await trx.selectFrom('compute_nodes').select('host').where('host', '=', host).forUpdate().execute();
}

/** Whether a host's service (from the LEFT JOIN; absent when the host has none) is enabled and heard from lately. */
function isServiceUp(
  service: { disabled: number | null; forced_down: number | null; last_seen_up: Date | null },
  freshSince: Date,
): boolean {
  return (
    service.disabled === 0 &&
    service.forced_down === 0 &&
    service.last_seen_up !== null &&
    service.last_seen_up >= freshSince
  );
}

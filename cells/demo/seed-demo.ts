import type { Kysely } from 'kysely';

import type { CellDatabase } from '../../src/cell-db/cell-database.js';
import type { ApiDatabase } from '../../src/registry/api-database.js';
import { isCell0, type CellMapping } from '../../src/registry/cell-mapping.js';
import { planDemoSamples, type DemoSamplePlan } from './demo-samples.js';
import { seedDemoCatalogue, seedDemoHosts } from './demo-topology.js';

/** Rows per INSERT or per `IN (…)` list: well under MySQL's placeholder and packet limits. */
const BATCH_SIZE = 500;

/** A registered cell and an open connection to its database, as the demo seed writes into it. */
export interface DemoCell {
  readonly cell: CellMapping;
  readonly db: Kysely<CellDatabase>;
}

/** Options of `seedDemo`. */
export interface SeedDemoOptions {
  readonly api: Kysely<ApiDatabase>;
  /** Every registered cell, cell0 included (cell0 gets no hosts and no sample data). */
  readonly cells: readonly DemoCell[];
  /** Sample servers per project per cell, a non-negative integer (`0`: the topology only). No default here. */
  readonly serversPerCell: number;
  /** Lifetime of the sample messages in seconds (`MESSAGE_TTL_S`): they expire at `created_at + messageTtlS`. */
  readonly messageTtlS: number;
  /** The time every sample creation time counts back from. Default: the current time. */
  readonly now?: Date;
}

/** What a seed run added: the servers and shares it inserted (not those that were already there). */
export interface SeedDemoSummary {
  readonly serversAdded: number;
  readonly sharesAdded: number;
}

/**
 * Seeds the demo topology of CONTRACT §6 (`cellgate demo seed`) and its sample data.
 *
 * Writes the catalogue (flavors, images, seed 000's share types) into the API database; for every cell but
 * cell0, two compute hosts and the share backend `<cell>-share@generic` with their services (and the hosts'
 * host mappings); and, straight into each such cell, `serversPerCell` servers for project `demo` and as many
 * for `alt` (every 4th SHUTOFF, every 5th ERROR with a fault and a message) and `max(1, serversPerCell / 5)`
 * AVAILABLE shares per project, each with its resource mapping and request spec.
 *
 * Idempotent: every id derives from a name (`demoUuid`) and every insert ignores rows that exist, so a second
 * run adds nothing and a run with a larger `serversPerCell` adds only the missing samples. Creation times count
 * back from `now` five hours per sample, interleaved across cells and projects (see `planDemoSamples`). Batched:
 * a few statements per table and cell, whatever the count. Rejects on the first failed statement; a rerun
 * completes what an interrupted run left out.
 */
export async function seedDemo(options: SeedDemoOptions): Promise<SeedDemoSummary> {
  if (!Number.isInteger(options.serversPerCell) || options.serversPerCell < 0) {
    throw new TypeError(
      `serversPerCell must be a non-negative integer, got ${String(options.serversPerCell)}.`,
    );
  }
  const now = options.now ?? new Date();
  await seedDemoCatalogue(options.api, now);
  const cells = options.cells.filter(({ cell }) => !isCell0(cell));
  let serversAdded = 0;
  let sharesAdded = 0;
  for (const [cellIndex, demoCell] of cells.entries()) {
    await seedDemoHosts(options.api, demoCell.cell, demoCell.db, now);
    const plan = planDemoSamples(demoCell.cell, options, { cellIndex, cellCount: cells.length, now });
    const added = await writeSamples(options.api, demoCell.db, plan);
    serversAdded += added.servers;
    sharesAdded += added.shares;
  }
  return { serversAdded, sharesAdded };
}

/*
 * Writes a cell's plan so that a rerun, or a run after an interrupted one, adds exactly what is missing:
 * 1. Find which planned servers and shares the cell already has. Only the others get mappings and request specs,
 *    so a sample a user deleted (and whose mapping was archived) does not come back as a mapping alone.
 * 2. Mappings and specs first, then the rows: an interruption leaves mappings whose rows the rerun adds, never
 *    rows without mappings.
 * 3. Faults have no natural key: write those of ERROR samples that have none, their messages first, so that a
 *    fault present means its message was written (a reaped or deleted message stays gone).
 */
async function writeSamples(
  api: Kysely<ApiDatabase>,
  db: Kysely<CellDatabase>,
  plan: DemoSamplePlan,
): Promise<{ servers: number; shares: number }> {
  const existing = new Set([
    ...(
      await selectInBatches(
        plan.instances.map((row) => row.uuid),
        (uuids) => db.selectFrom('instances').select('uuid').where('uuid', 'in', uuids).execute(),
      )
    ).map((row) => row.uuid),
    ...(
      await selectInBatches(
        plan.shares.map((row) => row.uuid),
        (uuids) => db.selectFrom('shares').select('uuid').where('uuid', 'in', uuids).execute(),
      )
    ).map((row) => row.uuid),
  ]);
  const isMissing = (id: string) => !existing.has(id);
  await insertInBatches(
    plan.mappings.filter((row) => isMissing(row.resource_id)),
    (rows) => api.insertInto('resource_mappings').ignore().values(rows).executeTakeFirst(),
  );
  await insertInBatches(
    plan.specs.filter((row) => isMissing(row.resource_id)),
    (rows) => api.insertInto('request_specs').ignore().values(rows).executeTakeFirst(),
  );
  const servers = await insertInBatches(
    plan.instances.filter((row) => isMissing(row.uuid)),
    (rows) => db.insertInto('instances').ignore().values(rows).executeTakeFirst(),
  );
  const shares = await insertInBatches(
    plan.shares.filter((row) => isMissing(row.uuid)),
    (rows) => db.insertInto('shares').ignore().values(rows).executeTakeFirst(),
  );
  const faulted = new Set(
    (
      await selectInBatches(
        plan.faults.map((row) => row.instance_uuid),
        (uuids) =>
          db
            .selectFrom('instance_faults')
            .select('instance_uuid')
            .where('instance_uuid', 'in', uuids)
            .execute(),
      )
    ).map((row) => row.instance_uuid),
  );
  const faults = plan.faults.filter((row) => !faulted.has(row.instance_uuid));
  const faultless = new Set(faults.map((row) => row.instance_uuid));
  await insertInBatches(
    plan.messages.filter((row) => row.resource_id && faultless.has(row.resource_id)),
    (rows) => db.insertInto('messages').ignore().values(rows).executeTakeFirst(),
  );
  await insertInBatches(faults, (rows) => db.insertInto('instance_faults').values(rows).executeTakeFirst());
  return { servers, shares };
}

/** Runs `insert` on `rows` in batches of `BATCH_SIZE` and returns the number of rows inserted. */
async function insertInBatches<T>(
  rows: readonly T[],
  insert: (batch: T[]) => Promise<{ readonly numInsertedOrUpdatedRows?: bigint | undefined }>,
): Promise<number> {
  let inserted = 0;
  for (let start = 0; start < rows.length; start += BATCH_SIZE) {
    const result = await insert(rows.slice(start, start + BATCH_SIZE));
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return inserted;
}

/** Runs `select` on `ids` in batches of `BATCH_SIZE` (none for no ids) and concatenates the rows. */
async function selectInBatches<R>(
  ids: readonly string[],
  select: (batch: string[]) => Promise<R[]>,
): Promise<R[]> {
  const rows: R[] = [];
  for (let start = 0; start < ids.length; start += BATCH_SIZE) {
    rows.push(...(await select(ids.slice(start, start + BATCH_SIZE))));
  }
  return rows;
}

import type { Kysely } from 'kysely';

import type { CellDatabase } from './cell-database.js';
import type { InstanceFault } from './instance-fault.js';

/** Nova's limit of a fault message. */
const FAULT_MESSAGE_LENGTH = 255;

/** A fault to record (Nova's `instance_faults` row). */
export interface NewInstanceFault {
  readonly instanceUuid: string;
  readonly code: number;
  readonly message: string;
  /** Shown to admins only. */
  readonly details: string | null;
  readonly host: string | null;
  readonly requestId: string | null;
}

/**
 * Persists an instance fault (Nova's `instance_faults`, Trove's "persist error message"): code, message cut to
 * 255 characters, details (admins only), the host and the request id of the failed operation.
 */
export async function insertInstanceFault(
  db: Kysely<CellDatabase>,
  fault: NewInstanceFault,
  now: Date,
): Promise<void> {
  const message =
    fault.message.length > FAULT_MESSAGE_LENGTH
      ? `${fault.message.slice(0, FAULT_MESSAGE_LENGTH - 3)}...`
      : fault.message;
  await db
    .insertInto('instance_faults')
    .values({
      instance_uuid: fault.instanceUuid,
      code: fault.code,
      message,
      details: fault.details,
      host: fault.host,
      request_id: fault.requestId,
      created_at: now,
      deleted: 0,
    })
    .execute();
}

/**
 * The newest fault (highest id) of each of `instanceUuids` in this cell, by instance uuid; one statement per batch
 * (Nova's `instance_fault_get_by_instance_uuids(latest=True)`).
 */
export async function findLatestFaults(
  db: Kysely<CellDatabase>,
  instanceUuids: readonly string[],
): Promise<Map<string, InstanceFault>> {
  const select = selectLatestFaults(db, instanceUuids);
  return latestFaultsByInstance(select ? await select.execute() : []);
}

/** `findLatestFaults`'s statement, to run it as it is or compiled once (`StatementCache`); `null` for no uuid. */
export function selectLatestFaults(db: Kysely<CellDatabase>, instanceUuids: readonly string[]) {
  if (instanceUuids.length === 0) return null;
  return db
    .selectFrom('instance_faults as f')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('instance_faults')
          .select((inner) => ['instance_uuid', inner.fn.max('id').as('latest_id')])
          .where('instance_uuid', 'in', [...instanceUuids])
          .where('deleted', '=', 0)
          .groupBy('instance_uuid')
          .as('latest'),
      (join) => join.onRef('latest.latest_id', '=', 'f.id'),
    )
    .select(['f.instance_uuid', 'f.code', 'f.message', 'f.details', 'f.created_at']);
}

type LatestFaultRow = Awaited<
  ReturnType<NonNullable<ReturnType<typeof selectLatestFaults>>['execute']>
>[number];

/** The rows of `selectLatestFaults` by instance uuid. */
export function latestFaultsByInstance(rows: readonly LatestFaultRow[]): Map<string, InstanceFault> {
  const faults = new Map<string, InstanceFault>();
  for (const row of rows) {
    faults.set(row.instance_uuid, {
      code: row.code,
      message: row.message,
      details: row.details,
      created: row.created_at,
    });
  }
  return faults;
}

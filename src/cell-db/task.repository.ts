import type { Kysely, Selectable, Transaction } from 'kysely';

import { parseJsonColumn } from '../database/column-types.js';
import type { ResourceKind } from '../resource/resource-kind.js';
import type { CellDatabase, TasksTable } from './cell-database.js';

/** The kinds of work a cell worker does; every resource kind has its delete task (`delete_server`, ...). */
export type TaskKind =
  'build_server' | 'create_share' | `delete_${ResourceKind}` | 'fail_schedule' | 'ensure_shares';

/** A claimed task. */
export interface Task {
  readonly id: number;
  readonly kind: TaskKind;
  readonly resourceId: string | null;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly requestId: string | null;
  readonly attempts: number;
}

type TaskRow = Selectable<TasksTable>;

/** Adds a task to the cell's queue (inside the transaction that writes the resource, so both or neither exist). */
export async function enqueueTask(
  db: Kysely<CellDatabase> | Transaction<CellDatabase>,
  task: {
    readonly kind: TaskKind;
    readonly resourceId: string | null;
    readonly payload: Readonly<Record<string, unknown>>;
    readonly requestId: string | null;
  },
  now = new Date(),
): Promise<void> {
  await db
    .insertInto('tasks')
    .values({
      kind: task.kind,
      resource_id: task.resourceId,
      payload: JSON.stringify(task.payload),
      request_id: task.requestId,
      status: 'pending',
      attempts: 0,
      created_at: now,
    })
    .execute();
}

/** Deletes the tasks of one resource (undoing a create whose API write failed). */
export async function deleteTasksOfResource(db: Kysely<CellDatabase>, resourceId: string): Promise<void> {
  await db.deleteFrom('tasks').where('resource_id', '=', resourceId).execute();
}

/**
 * Claims the oldest task that is pending or whose lease ran out (its worker died), for `leaseS` seconds.
 *
 * `FOR UPDATE SKIP LOCKED` lets several workers of one cell claim different tasks at once without waiting on each
 * other; the claim commits before the work starts, so a crash during the work leaves a lease that expires.
 */
export async function claimTask(
  db: Kysely<CellDatabase>,
  workerId: string,
  leaseS: number,
  now = new Date(),
): Promise<Task | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('tasks')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('status', '=', 'pending'),
          eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)]),
        ]),
      )
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!row) return undefined;
    await trx
      .updateTable('tasks')
      .set({
        status: 'running',
        attempts: row.attempts + 1,
        claimed_by: workerId,
        lease_until: new Date(now.getTime() + leaseS * 1000),
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    return taskRowToTask({ ...row, attempts: row.attempts + 1 });
  });
}

/**
 * Marks a task done inside the transaction that applies its effects, so that the effects happen exactly once.
 *
 * Resolves to `false` when the worker no longer holds the task (its lease ran out and another worker took it):
 * the caller must then roll its transaction back.
 */
export async function completeTask(
  trx: Transaction<CellDatabase>,
  taskId: number,
  workerId: string,
  now = new Date(),
): Promise<boolean> {
  const result = await trx
    .updateTable('tasks')
    .set({ status: 'done', lease_until: null, updated_at: now })
    .where('id', '=', taskId)
    .where('status', '=', 'running')
    .where('claimed_by', '=', workerId)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/**
 * Records that a task failed unexpectedly: back to `pending` for another attempt, or `failed` for good after
 * `maxAttempts`.
 */
export async function failTask(
  db: Kysely<CellDatabase>,
  task: Task,
  workerId: string,
  error: string,
  maxAttempts: number,
  now = new Date(),
): Promise<void> {
  await db
    .updateTable('tasks')
    .set({
      status: task.attempts >= maxAttempts ? 'failed' : 'pending',
      last_error: error.slice(0, 2_000),
      lease_until: null,
      updated_at: now,
    })
    .where('id', '=', task.id)
    .where('claimed_by', '=', workerId)
    .execute();
}

/** Extends the lease of a running task (long driver steps). */
export async function extendLease(
  db: Kysely<CellDatabase>,
  taskId: number,
  workerId: string,
  leaseS: number,
  now = new Date(),
): Promise<void> {
  await db
    .updateTable('tasks')
    .set({ lease_until: new Date(now.getTime() + leaseS * 1000) })
    .where('id', '=', taskId)
    .where('claimed_by', '=', workerId)
    .where('status', '=', 'running')
    .execute();
}

function taskRowToTask(row: TaskRow): Task {
  return {
    id: row.id,
    kind: row.kind as TaskKind,
    resourceId: row.resource_id,
    payload: parseJsonColumn<Record<string, unknown>>(row.payload, {}),
    requestId: row.request_id,
    attempts: row.attempts,
  };
}

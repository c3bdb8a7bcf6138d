import type { Kysely } from 'kysely';

import type { CellDatabase } from '../cell-db/cell-database.js';

/** Nova's limit of a fault message. */
const MESSAGE_LENGTH = 255;

/**
 * Persists an instance fault (Nova's `instance_faults`, Trove's "persist error message"): code, message cut to
 * 255 characters, details (admins only), the host and the request id of the failed operation.
 */
export async function recordFault(
  db: Kysely<CellDatabase>,
  fault: {
    readonly instanceUuid: string;
    readonly code: number;
    readonly message: string;
    readonly details: string | null;
    readonly host: string | null;
    readonly requestId: string | null;
  },
  now = new Date(),
): Promise<void> {
  const message =
    fault.message.length > MESSAGE_LENGTH
      ? `${fault.message.slice(0, MESSAGE_LENGTH - 3)}...`
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

import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

import type { CellDatabase } from '../cell-db/cell-database.js';
import { insertInstanceFault } from '../cell-db/instance-fault.repository.js';
import { updateInstanceState } from '../cell-db/instance.repository.js';
import type { SanctionedMessage } from '../messages/catalogue.js';
import { writeMessage } from '../messages/write-message.js';

/** Nova's fault message when no host can take a server (`NoValidHost`). */
export const NO_VALID_HOST_FAULT = 'No valid host was found. There are not enough hosts available.';

/** What went wrong with a server, for its fault (admins see `details`) and its user message. */
export interface ServerFailure {
  readonly serverId: string;
  readonly projectId: string;
  readonly host: string | null;
  readonly requestId: string | null;
  readonly fault: { readonly message: string; readonly details: string | null };
  readonly message: SanctionedMessage;
}

/**
 * Puts a server in ERROR (Nova's `vm_state` error, no task, NOSTATE) with a fault (code 500) and a user message,
 * inside the caller's transaction, so the three happen together with the task's completion, or not at all.
 */
export async function failServer(
  trx: Kysely<CellDatabase>,
  failure: ServerFailure,
  options: { readonly ttlS: number; readonly logger: Logger; readonly now: Date },
): Promise<void> {
  await updateInstanceState(
    trx,
    failure.serverId,
    { vmState: 'error', taskState: null, powerState: 0 },
    options.now,
  );
  await insertInstanceFault(
    trx,
    {
      instanceUuid: failure.serverId,
      code: 500,
      message: failure.fault.message,
      details: failure.fault.details,
      host: failure.host,
      requestId: failure.requestId,
    },
    options.now,
  );
  await writeMessage(
    trx,
    failure.message,
    { projectId: failure.projectId, resourceId: failure.serverId, requestId: failure.requestId },
    options,
  );
}

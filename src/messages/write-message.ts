import { randomUUID } from 'node:crypto';

import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

import type { CellDatabase } from '../cell-db/cell-database.js';
import { insertMessageRow } from '../cell-db/message.repository.js';
import type { SanctionedMessage } from './catalogue.js';

/** Whom a message is for and what request caused it. */
export interface MessageRecipient {
  readonly projectId: string;
  readonly resourceId: string;
  /** The request id of the mutation whose asynchronous work failed. */
  readonly requestId: string | null;
}

/** Options of `writeMessage`. */
export interface WriteMessageOptions {
  /** `MESSAGE_TTL_S`: the message expires this many seconds after it is created. */
  readonly ttlS: number;
  readonly logger: Logger;
  readonly now?: Date;
}

/**
 * Stores a user message in the cell where the failure happened; returns its id, or `null` if it could not be
 * written.
 *
 * Only catalogue entries can be written (`SanctionedMessage`), never free text, so no internal detail reaches a
 * user. A failed write is logged, never raised (Cinder's and Manila's `message_api.create`): a message must not make
 * the failing operation fail harder. Inside a transaction a failed INSERT rolls back only itself.
 */
export async function writeMessage(
  db: Kysely<CellDatabase>,
  message: SanctionedMessage,
  recipient: MessageRecipient,
  options: WriteMessageOptions,
): Promise<string | null> {
  const id = randomUUID();
  const now = options.now ?? new Date();
  try {
    await insertMessageRow(db, {
      id,
      project_id: recipient.projectId,
      request_id: recipient.requestId,
      resource_type: message.resourceType,
      resource_id: recipient.resourceId,
      action_id: message.actionId,
      detail_id: message.detailId,
      message_level: 'ERROR',
      created_at: now,
      expires_at: new Date(now.getTime() + options.ttlS * 1000),
    });
    options.logger.info(
      {
        event: 'message.created',
        messageId: id,
        requestId: recipient.requestId,
        resourceId: recipient.resourceId,
      },
      'Creating message record for request_id',
    );
    return id;
  } catch (error) {
    options.logger.error(
      { event: 'message.create_failed', err: error, requestId: recipient.requestId },
      'Failed to create message record for request_id',
    );
    return null;
  }
}

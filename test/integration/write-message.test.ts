import { describe, expect, it } from 'vitest';

import type { CellDatabase } from '../../src/cell-db/cell-database.js';
import { openDatabase } from '../../src/database/open-database.js';
import { MessageAction, MessageDetail, sanctionedMessage } from '../../src/messages/catalogue.js';
import { writeMessage } from '../../src/messages/write-message.js';
import { startMariaDb } from '../support/mariadb-server.js';

describe('writeMessage', () => {
  it('logs a failed write and resolves to null instead of failing the operation', async () => {
    const server = await startMariaDb();
    // A database without the messages table: the INSERT fails.
    const { db } = openDatabase<CellDatabase>({ url: server.urlOf('mysql'), label: 'broken' });
    const logged: unknown[] = [];
    const logger = { info: () => undefined, error: (...args: unknown[]) => logged.push(args) };
    try {
      const id = await writeMessage(
        db,
        sanctionedMessage('SHARE', MessageAction.Create, MessageDetail.UnexpectedNetwork),
        { projectId: 'demo', resourceId: 'share-1', requestId: 'req-1' },
        { ttlS: 60, logger: logger as never },
      );
      expect(id).toBeNull();
      expect(logged).toEqual([
        [
          expect.objectContaining({ event: 'message.create_failed', requestId: 'req-1' }),
          'Failed to create message record for request_id',
        ],
      ]);
    } finally {
      await db.destroy();
      await server.stop();
    }
  });
});

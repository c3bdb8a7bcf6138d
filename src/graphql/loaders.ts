import DataLoader from 'dataloader';

import type { Viewer } from '../auth/viewer.js';
import type { InstanceFault } from '../cell-db/instance-fault.js';
import { latestFaultsByInstance, selectLatestFaults } from '../cell-db/instance-fault.repository.js';
import type { Message } from '../cell-db/message.js';
import { listMessageRowsOfResources, messageRowToMessage } from '../cell-db/message.repository.js';
import type { StatementCache } from '../cell-db/statement-cache.repository.js';
import type { RequestFanout } from '../fanout/cell-fanout.js';
import type { CellMapping } from '../registry/cell-mapping.js';
import type { ReferenceDataCache } from '../registry/reference-data-cache.js';
import type { ShareTypeRecord } from '../registry/share-type.repository.js';
import { CellGroupedLoader } from './cell-grouped-loader.js';

/** The per-request DataLoaders: one batch per tick, one query per cell (or one to the API database) per batch. */
export interface Loaders {
  /** The newest fault of a server. */
  readonly faultByServer: CellGroupedLoader<InstanceFault | null>;
  /** The live, unexpired messages about a server or share, newest first. */
  readonly messagesByResource: CellGroupedLoader<readonly Message[]>;
  /** Share types by id, from the reference data's last copy (so they survive an outage of the API database). */
  readonly shareTypeById: DataLoader<string, ShareTypeRecord | null>;
}

/** New loaders for one request; never shared between requests, so no viewer sees another's cache. */
export function createLoaders(options: {
  readonly fanout: RequestFanout;
  readonly cells: readonly CellMapping[];
  readonly reference: ReferenceDataCache;
  /** Where the fault statements are compiled once for every request (a page read again asks the same faults). */
  readonly statements: StatementCache;
  readonly viewer: Viewer;
  readonly now: Date;
}): Loaders {
  const { fanout, cells, reference, statements, viewer, now } = options;
  return {
    faultByServer: new CellGroupedLoader<InstanceFault | null>(
      fanout,
      cells,
      (ids) => {
        const read = statements.read(`instance_faults latest ${ids.join(',')}`, (db) =>
          selectLatestFaults(db, ids),
        );
        return async (db) => latestFaultsByInstance(await read(db));
      },
      null,
    ),
    messagesByResource: new CellGroupedLoader<readonly Message[]>(
      fanout,
      cells,
      (ids) => async (db, cell) => {
        const rows = await listMessageRowsOfResources(db, {
          resourceIds: ids,
          projectId: viewer.isAdmin ? null : viewer.projectId,
          now,
        });
        const byResource = new Map<string, Message[]>();
        for (const row of rows) {
          if (row.resource_id === null) continue;
          const list = byResource.get(row.resource_id) ?? [];
          list.push(messageRowToMessage(row, cell.uuid));
          byResource.set(row.resource_id, list);
        }
        return byResource;
      },
      [],
    ),
    shareTypeById: new DataLoader<string, ShareTypeRecord | null>(async (ids) => {
      const types = await reference.shareTypes();
      return ids.map((id) => types.find((type) => type.id === id) ?? null);
    }),
  };
}

import type { Kysely } from 'kysely';

import type { Viewer } from '../auth/viewer.js';
import type { StatementCache } from '../cell-db/statement-cache.repository.js';
import type { RequestFanout } from '../fanout/cell-fanout.js';
import type { CellMetrics } from '../fanout/cell-metrics.js';
import type { PageShapes } from '../fanout/page-shapes.js';
import type { ApiDatabaseHealth } from '../registry/api-database-health.js';
import type { ApiDatabase } from '../registry/api-database.js';
import type { CellMapping } from '../registry/cell-mapping.js';
import type { ProjectCells } from '../registry/project-cells.js';

/** What a list needs from its request. */
export interface ListContext {
  readonly viewer: Viewer;
  readonly fanout: RequestFanout;
  readonly api: Kysely<ApiDatabase>;
  /** Whether the API database answers; every read path reads it through `readApiDatabase` (or `apiHealth.read`). */
  readonly apiHealth: ApiDatabaseHealth;
  /** Every registered cell, cell0 included. */
  readonly cells: readonly CellMapping[];
  /** The cells where a project has resources: a project's list asks only those. */
  readonly projectCells: ProjectCells;
  /** The rows each cell gave to the last read of each page: the next read's first batches. */
  readonly pageShapes: PageShapes;
  /** Compiled list statements shared by every request (`StatementCache`). */
  readonly statements: StatementCache;
  /** Where lists count the rows each cell returns. */
  readonly metrics: Pick<CellMetrics, 'countRowsRead'>;
  /** `MAX_LIMIT`. */
  readonly maxLimit: number;
  /** `LIST_RECORDS_BY_SKIPPING_DOWN_CELLS`. */
  readonly isSkippingDownCells: boolean;
}

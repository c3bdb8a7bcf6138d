import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

import type { CellConnections } from '../cell-db/cell-connections.js';
import type { StatementCache } from '../cell-db/statement-cache.repository.js';
import type { Config } from '../config/config.js';
import type { CellHealth } from '../fanout/cell-health.js';
import type { CellMetrics } from '../fanout/cell-metrics.js';
import type { PageShapes } from '../fanout/page-shapes.js';
import type { ApiDatabaseHealth } from '../registry/api-database-health.js';
import type { ApiDatabase } from '../registry/api-database.js';
import type { CellRegistry } from '../registry/cell-registry.js';
import type { ProjectCells } from '../registry/project-cells.js';
import type { ReferenceDataCache } from '../registry/reference-data-cache.js';

/** The long-lived objects a request works with; built once by `app.ts`. */
export interface AppServices {
  readonly config: Config;
  readonly api: Kysely<ApiDatabase>;
  /** Whether the API database answers; read paths fall back, writes refuse, while it does not. */
  readonly apiHealth: ApiDatabaseHealth;
  /** Flavors, share types and share networks as last read from the API database. */
  readonly reference: ReferenceDataCache;
  readonly registry: CellRegistry;
  /** The cells where each project has resources, cached briefly. */
  readonly projectCells: ProjectCells;
  /** The rows each cell gave to the last read of each page (a list's first batches), per process. */
  readonly pageShapes: PageShapes;
  /** The read path's compiled statements (lists, faults), per process. */
  readonly statements: StatementCache;
  readonly connections: CellConnections;
  readonly health: CellHealth;
  readonly metrics: CellMetrics;
  readonly logger: Logger;
}

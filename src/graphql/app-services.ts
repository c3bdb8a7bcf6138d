import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

import type { CellConnections } from '../cell-db/cell-connections.js';
import type { Config } from '../config/config.js';
import type { CellHealth } from '../fanout/cell-health.js';
import type { CellMetrics } from '../fanout/cell-metrics.js';
import type { ApiDatabase } from '../registry/api-database.js';
import type { CellRegistry } from '../registry/cell-registry.js';
import type { ProjectCells } from '../registry/project-cells.js';

/** The long-lived objects a request works with; built once by `app.ts`. */
export interface AppServices {
  readonly config: Config;
  readonly api: Kysely<ApiDatabase>;
  readonly registry: CellRegistry;
  /** The cells where each project has resources, cached briefly. */
  readonly projectCells: ProjectCells;
  readonly connections: CellConnections;
  readonly health: CellHealth;
  readonly metrics: CellMetrics;
  readonly logger: Logger;
}

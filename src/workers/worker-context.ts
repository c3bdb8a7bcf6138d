import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

import type { CellDatabase } from '../cell-db/cell-database.js';
import type { Config } from '../config/config.js';
import type { ApiDatabase } from '../registry/api-database.js';
import type { CellMapping } from '../registry/cell-mapping.js';

/** What a cell worker's task handlers work with. */
export interface WorkerContext {
  readonly cell: CellMapping;
  readonly db: Kysely<CellDatabase>;
  readonly api: Kysely<ApiDatabase>;
  readonly config: Config;
  readonly logger: Logger;
  /** Identifies this worker in task claims and leases. */
  readonly workerId: string;
}

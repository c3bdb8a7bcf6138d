import type { CellHealthReport } from '../fanout/cell-health.js';
import type { AppServices } from '../graphql/app-services.js';
import { pingApiDatabase } from '../registry/api-ping.repository.js';
import type { ApiDatabaseState } from '../registry/api-database-health.js';

/** The body of `GET /readyz` (CONTRACT section 2). */
export interface Readiness {
  /**
   * `ready`: the API database and every cell answer. `degraded`: the gateway still answers, from the cells that
   * answer and the cached cell list and reference data (a cell or the API database down). `not ready`: it cannot
   * answer at all, as no cell list was ever loaded (then HTTP 503).
   */
  readonly status: 'ready' | 'degraded' | 'not ready';
  readonly apiDatabase: ApiDatabaseState;
  readonly cells: readonly CellHealthReport[];
}

/**
 * Checks readiness for a load balancer: the API database is asked `select 1` and the cell list is re-read (within
 * `CELL_TIMEOUT_MS`, at once `DOWN` while the API database is known to be down); the cells' states are those of
 * their breakers and last answers.
 *
 * Never rejects. A replica is taken out of service (`not ready`) only when it could not answer any query: one
 * database down must not make a load balancer drop every replica.
 */
export async function checkReadiness(services: AppServices): Promise<Readiness> {
  let apiDatabase: ApiDatabaseState = 'UP';
  try {
    await services.apiHealth.read(async (api) => {
      await pingApiDatabase(api);
      await services.registry.refresh();
    });
  } catch {
    apiDatabase = 'DOWN';
  }
  const known = services.registry.cells();
  const cells = services.health.report(known);
  const isEverythingUp = apiDatabase === 'UP' && cells.every((cell) => cell.state === 'UP');
  return {
    status: known.length === 0 ? 'not ready' : isEverythingUp ? 'ready' : 'degraded',
    apiDatabase,
    cells,
  };
}

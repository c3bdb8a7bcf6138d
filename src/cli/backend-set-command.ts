import type { CellDatabase } from '../cell-db/cell-database.js';
import { findShareBackend, updateShareBackendConfiguration } from '../cell-db/host-state.repository.js';
import type { Config } from '../config/config.js';
import { openDatabase } from '../database/open-database.js';
import type { ApiDatabase } from '../registry/api-database.js';
import { listCellMappings } from '../registry/cell-mapping.repository.js';

/**
 * Changes a share backend's configuration in its cell (`cellgate backend set HOST@BACKEND --export-host H`).
 *
 * Running shares keep their export locations until `ensureShares` recomputes them from the new configuration
 * (seed 002). Rejects when no registered cell has the backend. Returns the cell that has it.
 */
export async function backendSetCommand(
  config: Config,
  host: string,
  changes: { readonly exportHost?: string | undefined; readonly simulate?: string | undefined },
): Promise<string> {
  if (!/^[^@\s]+@[^@\s]+$/.test(host))
    throw new Error(`The backend must look like host@backend, got "${host}".`);
  if (changes.exportHost === undefined && changes.simulate === undefined)
    throw new Error('Nothing to change: pass --export-host.');
  const api = openDatabase<ApiDatabase>({ url: config.apiDatabaseUrl, label: 'api' });
  try {
    for (const cell of await listCellMappings(api.db)) {
      const { db } = openDatabase<CellDatabase>({ url: cell.databaseUrl, label: cell.name });
      try {
        const backend = await findShareBackend(db, host);
        if (!backend) continue;
        const configuration = { ...backend.configuration };
        if (changes.exportHost !== undefined) configuration['export_host'] = changes.exportHost;
        if (changes.simulate !== undefined) {
          if (changes.simulate === 'none') delete configuration['simulate'];
          else configuration['simulate'] = changes.simulate;
        }
        await updateShareBackendConfiguration(db, host, configuration, new Date());
        return cell.name;
      } finally {
        await db.destroy();
      }
    }
  } finally {
    await api.db.destroy();
  }
  throw new Error(`No registered cell has the share backend "${host}".`);
}

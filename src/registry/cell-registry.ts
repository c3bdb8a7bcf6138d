import type { Kysely } from 'kysely';

import type { ApiDatabase } from './api-database.js';
import type { CellMapping } from './cell-mapping.js';
import { listCellMappings } from './cell-mapping.repository.js';

/**
 * The cached list of registered cells (Nova's `CELLS`), refreshed from the API database every `refreshMs`, so a
 * cell registered with `cellgate cell create` is picked up by running gateways and workers without a restart.
 */
export class CellRegistry {
  readonly #api: Kysely<ApiDatabase>;
  readonly #refreshMs: number;
  #cells: readonly CellMapping[] = [];
  #timer: NodeJS.Timeout | undefined;
  #onChange: ((cells: readonly CellMapping[]) => void) | undefined;

  constructor(api: Kysely<ApiDatabase>, refreshMs = 10_000) {
    this.#api = api;
    this.#refreshMs = refreshMs;
  }

  /** Reads the cells from the API database now. Rejects when the API database does not answer. */
  async refresh(): Promise<readonly CellMapping[]> {
    const cells = await listCellMappings(this.#api);
    const isChanged = JSON.stringify(cells) !== JSON.stringify(this.#cells);
    this.#cells = cells;
    if (isChanged) this.#onChange?.(cells);
    return cells;
  }

  /** The cells as last read (cell0 first). */
  cells(): readonly CellMapping[] {
    return this.#cells;
  }

  byId(id: number): CellMapping | undefined {
    return this.#cells.find((cell) => cell.id === id);
  }

  byName(name: string): CellMapping | undefined {
    return this.#cells.find((cell) => cell.name === name);
  }

  /** Starts the periodic refresh; `onChange` runs when the list differs from the previous one. */
  start(onChange?: (cells: readonly CellMapping[]) => void): void {
    this.#onChange = onChange;
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      // A failed refresh keeps the last known list; the API database's health shows in /readyz.
      this.refresh().catch(() => undefined);
    }, this.#refreshMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

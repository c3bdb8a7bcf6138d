import type { ResourceKind } from '../resource/resource-kind.js';
import type { ApiDatabaseHealth } from './api-database-health.js';
import { listCellIdsOfProject } from './resource-mapping.repository.js';

/** Options of `ProjectCells`. */
export interface ProjectCellsOptions {
  /** How long an answer is kept, in ms. Default `5_000`. */
  readonly ttlMs?: number;
  /** How long a cell noted by `noteCreated` counts whatever the API database says, in ms. Default `60_000`. */
  readonly createdTtlMs?: number;
}

/**
 * The cells where a project has resources, from the API database's resource mappings, cached briefly (Nova's
 * `instance_list_per_project_cells`): a member's list asks only those cells.
 *
 * `cellIdsOf` never rejects: when the API database fails or is slow it resolves to `undefined`, which means "ask
 * every cell" (always correct, only dearer). A create by this gateway calls `noteCreated` before it writes the
 * cell row, so the new cell is listed at once, even before its mapping exists; creates by other gateways show up
 * within `ttlMs`.
 */
export class ProjectCells {
  readonly #apiHealth: ApiDatabaseHealth;
  readonly #ttlMs: number;
  readonly #createdTtlMs: number;
  readonly #cache = new Map<
    string,
    { readonly ids: Promise<readonly number[] | undefined>; readonly until: number }
  >();
  /** `project` → cell id → until when it counts. */
  readonly #created = new Map<string, Map<number, number>>();

  /**
   * Lookups go through `apiHealth`, under its read deadline, so that none waits while the API database is known to
   * be down (and a slow one starts its probe).
   */
  constructor(apiHealth: ApiDatabaseHealth, options: ProjectCellsOptions = {}) {
    this.#apiHealth = apiHealth;
    this.#ttlMs = options.ttlMs ?? 5_000;
    this.#createdTtlMs = options.createdTtlMs ?? 60_000;
  }

  /** The ids of the cells holding `projectId`'s resources of `kind`, or `undefined`: every cell. */
  async cellIdsOf(projectId: string, kind: ResourceKind): Promise<ReadonlySet<number> | undefined> {
    const key = `${kind}\u0000${projectId}`;
    const now = Date.now();
    let entry = this.#cache.get(key);
    if (!entry || entry.until <= now) {
      entry = { ids: this.#read(projectId, kind), until: now + this.#ttlMs };
      this.#cache.set(key, entry);
      if (this.#cache.size > 10_000) this.#evictExpired(now);
    }
    const ids = await entry.ids;
    if (ids === undefined) return undefined;
    const cells = new Set(ids);
    for (const [cellId, until] of this.#created.get(projectId) ?? []) {
      if (until > now) cells.add(cellId);
    }
    return cells;
  }

  /** Records that this gateway is creating a resource of `projectId` in `cellId`, so lists ask that cell now. */
  noteCreated(projectId: string, cellId: number): void {
    const cells = this.#created.get(projectId) ?? new Map<number, number>();
    cells.set(cellId, Date.now() + this.#createdTtlMs);
    this.#created.set(projectId, cells);
  }

  async #read(projectId: string, kind: ResourceKind): Promise<readonly number[] | undefined> {
    try {
      return await this.#apiHealth.read((api) => listCellIdsOfProject(api, projectId, kind));
    } catch {
      // The API database is down or slow: every cell is the safe answer, and the list must not fail for it.
      return undefined;
    }
  }

  #evictExpired(now: number): void {
    for (const [key, entry] of this.#cache) if (entry.until <= now) this.#cache.delete(key);
    for (const [project, cells] of this.#created) {
      for (const [cellId, until] of cells) if (until <= now) cells.delete(cellId);
      if (cells.size === 0) this.#created.delete(project);
    }
  }
}

import type { Kysely } from 'kysely';

import type { ApiDatabase } from './api-database.js';
import { listFlavors } from './flavor.repository.js';
import type { FlavorSnapshot } from './request-spec.js';
import { listShareNetworks, type ShareNetworkRecord } from './share-network.repository.js';
import { listShareTypes, type ShareTypeRecord } from './share-type.repository.js';

/** One copy of the reference data, as read together. */
interface ReferenceData {
  readonly flavors: readonly FlavorSnapshot[];
  readonly shareTypes: readonly ShareTypeRecord[];
  /** Every project's, newest first (the order of `listShareNetworks`). */
  readonly shareNetworks: readonly ShareNetworkRecord[];
  /** When it was read (ms since the epoch). */
  readonly readAt: number;
}

/**
 * The last copy of the API database's reference data: flavors, share types and share networks, read in the
 * background every `refreshMs` (`REFERENCE_DATA_REFRESH_S`), so that `flavors`, `shareTypes`, `shareNetworks` and
 * the share types resolved inside shares answer while the API database is down (CONTRACT section 5, "the last copy
 * read"), and cost no query when it is up.
 *
 * How stale: while the API database answers, a change made elsewhere (another gateway, `cellgate demo seed`)
 * shows after at most `refreshMs`; a share network created through this gateway shows at once (`addShareNetwork`).
 * While it is down, the copy is the one of the last successful read (`readAt`), however old; the next refresh after
 * it comes back replaces it. A failed refresh keeps the copy it has.
 */
export class ReferenceDataCache {
  readonly #api: Kysely<ApiDatabase>;
  readonly #refreshMs: number;
  #data: ReferenceData | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(api: Kysely<ApiDatabase>, refreshMs: number) {
    this.#api = api;
    this.#refreshMs = refreshMs;
  }

  /** Reads every kind now, in parallel, and keeps them as one copy. Rejects (keeping the old copy) on failure. */
  async refresh(): Promise<void> {
    const [flavors, shareTypes, shareNetworks] = await Promise.all([
      listFlavors(this.#api),
      listShareTypes(this.#api),
      listShareNetworks(this.#api, null),
    ]);
    this.#data = { flavors, shareTypes, shareNetworks, readAt: Date.now() };
  }

  /** When the copy was read (ms since the epoch), or `undefined` before the first read. */
  get readAt(): number | undefined {
    return this.#data?.readAt;
  }

  /** Every flavor, by name. */
  async flavors(): Promise<readonly FlavorSnapshot[]> {
    return (await this.#current()).flavors;
  }

  /** Every share type, by name. */
  async shareTypes(): Promise<readonly ShareTypeRecord[]> {
    return (await this.#current()).shareTypes;
  }

  /** The share networks of `projectId` (every project's when `null`), newest first. */
  async shareNetworks(projectId: string | null): Promise<readonly ShareNetworkRecord[]> {
    const all = (await this.#current()).shareNetworks;
    return projectId === null ? all : all.filter((network) => network.projectId === projectId);
  }

  /** Adds a share network this gateway has just created, so that its creator sees it at once. */
  addShareNetwork(network: ShareNetworkRecord): void {
    if (!this.#data) return;
    this.#data = { ...this.#data, shareNetworks: [network, ...this.#data.shareNetworks] };
  }

  /** Starts the background refresh. */
  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      // A failed refresh keeps the last copy: that is the point of it.
      this.refresh().catch(() => undefined);
    }, this.#refreshMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** The copy; read now if there is none yet (then a down API database rejects). */
  async #current(): Promise<ReferenceData> {
    if (!this.#data) await this.refresh();
    return this.#data!;
  }
}

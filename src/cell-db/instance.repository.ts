import type { Kysely, Selectable } from 'kysely';

import { afterPredicate, predicateToSql, type SortKey } from '../database/keyset.js';
import type { FlavorSnapshot } from '../registry/request-spec.js';
import { parseJsonColumn } from '../database/column-types.js';
import type { SortValue } from '../util/compare-values.js';
import type { CellDatabase, InstancesTable } from './cell-database.js';
import type { Server } from './server.js';
import { powerStateName, serverStatus } from './server-status.js';

/** A row of `instances`. */
export type InstanceRow = Selectable<InstancesTable>;

/** Filters of an instance list, already translated to columns. */
export interface InstanceFilter {
  /** Substring of the name, case-insensitive. */
  readonly name?: string | undefined;
  readonly vmStates?: readonly string[] | undefined;
  readonly userId?: string | undefined;
  readonly host?: string | undefined;
  readonly availabilityZone?: string | undefined;
  readonly flavorName?: string | undefined;
  /** Image id or name. */
  readonly image?: string | undefined;
  readonly changesSince?: Date | undefined;
  /** `true`: only deleted rows; `false`: only live rows; `undefined`: both (Nova's `changes-since`). */
  readonly deleted: boolean | undefined;
}

/** One cell's part of a server list. */
export interface InstanceListQuery {
  /** `null`: every project. */
  readonly projectId: string | null;
  readonly filter: InstanceFilter;
  readonly keys: readonly SortKey[];
  /** Sort values of the marker, one per key; rows strictly after it are listed. */
  readonly after: readonly SortValue[] | null;
  readonly limit: number;
}

/** Lists instances of one cell: filters, keyset seek after the marker, order, limit; one statement. */
export async function listInstanceRows(
  db: Kysely<CellDatabase>,
  query: InstanceListQuery,
): Promise<InstanceRow[]> {
  const { filter } = query;
  let select = db.selectFrom('instances').selectAll();
  if (filter.deleted !== undefined) {
    select = filter.deleted ? select.where('deleted', '!=', 0) : select.where('deleted', '=', 0);
  }
  if (query.projectId !== null) select = select.where('project_id', '=', query.projectId);
  if (filter.name !== undefined) {
    select = select.where((eb) =>
      eb(eb.fn('lower', ['display_name']), 'like', `%${escapeLike(filter.name!.toLowerCase())}%`),
    );
  }
  if (filter.vmStates !== undefined) {
    if (filter.vmStates.length === 0) return [];
    select = select.where('vm_state', 'in', [...filter.vmStates]);
  }
  if (filter.userId !== undefined) select = select.where('user_id', '=', filter.userId);
  if (filter.host !== undefined) select = select.where('host', '=', filter.host);
  if (filter.availabilityZone !== undefined)
    select = select.where('availability_zone', '=', filter.availabilityZone);
  if (filter.flavorName !== undefined) select = select.where('flavor_name', '=', filter.flavorName);
  if (filter.image !== undefined) {
    const image = filter.image;
    select = select.where((eb) => eb.or([eb('image_ref', '=', image), eb('image_name', '=', image)]));
  }
  if (filter.changesSince !== undefined) {
    const since = filter.changesSince;
    select = select.where((eb) => eb(eb.fn.coalesce('updated_at', 'created_at'), '>=', since));
  }
  if (query.after !== null) select = select.where(predicateToSql(afterPredicate(query.keys, query.after)));
  for (const key of query.keys) {
    select = select.orderBy(key.column as keyof InstanceRow & string, key.direction);
  }
  return select.limit(query.limit).execute();
}

/** One instance by uuid, deleted rows included (markers and shows of deleted servers need them). */
export async function findInstanceRow(
  db: Kysely<CellDatabase>,
  uuid: string,
): Promise<InstanceRow | undefined> {
  return db.selectFrom('instances').selectAll().where('uuid', '=', uuid).executeTakeFirst();
}

/** The server that `row` of `cellUuid` describes. */
export function instanceRowToServer(row: InstanceRow, cellUuid: string): Server {
  return {
    id: row.uuid,
    name: row.display_name,
    status: serverStatus(row.vm_state, row.task_state, row.deleted !== 0),
    projectId: row.project_id,
    userId: row.user_id,
    created: row.created_at,
    updated: row.updated_at,
    flavor: parseJsonColumn<FlavorSnapshot | null>(row.flavor, null),
    image: row.image_ref ? { id: row.image_ref, name: row.image_name } : null,
    availabilityZone: row.availability_zone,
    powerState: powerStateName(row.power_state),
    host: row.host,
    serverGroups: parseJsonColumn<string[]>(row.server_groups, []),
    metadata: parseJsonColumn<Record<string, unknown>>(row.metadata, {}),
    cellUuid,
    isConstruct: false,
  };
}

/** Escapes `%`, `_` and `\` for a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { demoUuid } from '../../cells/demo/demo-topology.js';
import { seedDemo, type DemoCell, type SeedDemoOptions } from '../../cells/demo/seed-demo.js';
import { migrateToLatest } from '../../cells/migrate.js';
import type { CellDatabase } from '../../src/cell-db/cell-database.js';
import { createDatabaseIfAbsent } from '../../src/database/create-database.js';
import { openDatabase } from '../../src/database/open-database.js';
import type { ApiDatabase } from '../../src/registry/api-database.js';
import { CELL0_UUID } from '../../src/registry/cell-mapping.js';
import { listCellMappings } from '../../src/registry/cell-mapping.repository.js';
import { startMariaDb, type MariaDbServer } from '../support/mariadb-server.js';

const CELL_NAMES = ['cell0', 'cell1', 'cell2'] as const;
const NOW = new Date('2026-11-20T12:00:00.000Z');
const MESSAGE_TTL_S = 3_600;
const CELL_TABLES = ['instances', 'instance_faults', 'messages', 'shares', 'services', 'compute_nodes'];
const API_TABLES = [
  'resource_mappings',
  'request_specs',
  'host_mappings',
  'flavors',
  'images',
  'share_types',
];

describe('seedDemo', () => {
  let server: MariaDbServer | undefined;
  let api: Kysely<ApiDatabase>;
  const cellDbs = new Map<string, Kysely<CellDatabase>>();
  let cells: DemoCell[] = [];
  const options = (serversPerCell: number): SeedDemoOptions => ({
    api,
    cells,
    serversPerCell,
    messageTtlS: MESSAGE_TTL_S,
    now: NOW,
  });
  const cellDb = (name: string): Kysely<CellDatabase> => cellDbs.get(name)!;

  beforeAll(async () => {
    server = await startMariaDb();
    for (const name of ['cellgate_api', ...CELL_NAMES]) await createDatabaseIfAbsent(server.urlOf(name));
    api = openDatabase<ApiDatabase>({
      url: server.urlOf('cellgate_api'),
      label: 'api',
      serverStatementTimeoutS: 0,
    }).db;
    await migrateToLatest(api as unknown as Kysely<unknown>, 'api');
    for (const name of CELL_NAMES) {
      const { db } = openDatabase<CellDatabase>({
        url: server.urlOf(name),
        label: name,
        serverStatementTimeoutS: 0,
      });
      cellDbs.set(name, db);
      await migrateToLatest(db as unknown as Kysely<unknown>, 'cell');
    }
    await api
      .insertInto('cell_mappings')
      .values(
        CELL_NAMES.map((name) => ({
          uuid: name === 'cell0' ? CELL0_UUID : demoUuid(`test-cell:${name}`),
          name,
          database_url: server!.urlOf(name),
          availability_zone: name === 'cell0' ? null : name,
          disabled: false,
          created_at: NOW,
        })),
      )
      .execute();
    cells = (await listCellMappings(api)).map((cell) => ({ cell, db: cellDb(cell.name) }));
  });

  afterAll(async () => {
    await Promise.all([api?.destroy(), ...[...cellDbs.values()].map((db) => db.destroy())]);
    await server?.stop();
  });

  // The steps build on each other: first seed, then a rerun, then a run with more servers.
  it('seeds 5 servers per project into every cell but cell0, and one share per project', async () => {
    expect(await seedDemo(options(5))).toEqual({ serversAdded: 20, sharesAdded: 4 });

    expect(await rowCount(cellDb('cell0'), 'instances')).toBe(0);
    expect(await rowCount(cellDb('cell0'), 'shares')).toBe(0);
    expect(await rowCount(cellDb('cell0'), 'services')).toBe(0);
    for (const name of ['cell1', 'cell2']) {
      const servers = await cellDb(name)
        .selectFrom('instances')
        .select(['project_id', 'user_id', 'vm_state', 'power_state', 'availability_zone', 'is_mapped'])
        .select(sql<number>`count(*)`.as('n'))
        .groupBy(['project_id', 'user_id', 'vm_state', 'power_state', 'availability_zone', 'is_mapped'])
        .orderBy('project_id')
        .orderBy('vm_state')
        .execute();
      const zone = { availability_zone: name, is_mapped: 1 };
      expect(servers.map((row) => ({ ...row, n: Number(row.n) }))).toEqual([
        { project_id: 'alt', user_id: 'alt-user', vm_state: 'active', power_state: 1, ...zone, n: 3 },
        { project_id: 'alt', user_id: 'alt-user', vm_state: 'error', power_state: 0, ...zone, n: 1 },
        { project_id: 'alt', user_id: 'alt-user', vm_state: 'stopped', power_state: 4, ...zone, n: 1 },
        { project_id: 'demo', user_id: 'demo-user', vm_state: 'active', power_state: 1, ...zone, n: 3 },
        { project_id: 'demo', user_id: 'demo-user', vm_state: 'error', power_state: 0, ...zone, n: 1 },
        { project_id: 'demo', user_id: 'demo-user', vm_state: 'stopped', power_state: 4, ...zone, n: 1 },
      ]);
      const shares = await cellDb(name)
        .selectFrom('shares')
        .select(['uuid', 'name', 'status', 'share_type_name', 'host', 'export_locations', 'project_id'])
        .orderBy('name')
        .execute();
      expect(shares).toEqual(
        ['alt', 'demo'].map((project) => {
          const uuid = demoUuid(`${name}:${project}:share:0`);
          return {
            uuid,
            name: `${project}-share-${name}-1`,
            status: 'AVAILABLE',
            share_type_name: 'dhss_false',
            host: `${name}-share@generic`,
            export_locations: JSON.stringify([`${name}-nfs.cellgate.test:/shares/${uuid}`]),
            project_id: project,
          };
        }),
      );
    }
  });

  it('writes the catalogue, and the hosts, backend and services of every cell but cell0', async () => {
    expect(
      await api
        .selectFrom('flavors')
        .select(['name', 'vcpus', 'ram', 'disk', 'extra_specs'])
        .orderBy('ram')
        .execute(),
    ).toEqual([
      { name: 'm1.tiny', vcpus: 1, ram: 512, disk: 1, extra_specs: '{}' },
      { name: 'm1.small', vcpus: 1, ram: 2048, disk: 20, extra_specs: '{}' },
      { name: 'm1.huge', vcpus: 64, ram: 262_144, disk: 4_000, extra_specs: '{}' },
    ]);
    expect(await api.selectFrom('images').select(['name', 'properties']).orderBy('name').execute()).toEqual([
      { name: 'cirros', properties: '{}' },
      { name: 'cirros-broken', properties: '{"cellgate:simulate":"boot-failure"}' },
    ]);
    const types = await api.selectFrom('share_types').selectAll().orderBy('name').execute();
    expect(types.map(({ created_at: _created, ...type }) => type)).toEqual([
      {
        id: '1cf5d45a-61b3-44d1-8ec7-89a21f51a4d4',
        name: 'dhss_false',
        is_default: 1,
        visibility: 'public',
        required_extra_specs: '{"driver_handles_share_servers":"False"}',
        optional_extra_specs: OPTIONAL_SPECS,
      },
      {
        id: '277c1089-127f-426e-9b12-711845991ea1',
        name: 'dhss_true',
        is_default: 0,
        visibility: 'public',
        required_extra_specs: '{"driver_handles_share_servers":"True"}',
        optional_extra_specs: OPTIONAL_SPECS,
      },
    ]);
    const cellIds = new Map(cells.map(({ cell }) => [cell.name, cell.id]));
    expect(
      await api.selectFrom('host_mappings').select(['host', 'cell_id']).orderBy('host').execute(),
    ).toEqual(
      ['cell1-compute1', 'cell1-compute2', 'cell2-compute1', 'cell2-compute2'].map((host) => ({
        host,
        cell_id: cellIds.get(host.split('-')[0]!),
      })),
    );
    for (const name of ['cell1', 'cell2']) {
      expect(
        await cellDb(name)
          .selectFrom('compute_nodes')
          .select(['host', 'vcpus', 'memory_mb', 'local_gb'])
          .orderBy('host')
          .execute(),
      ).toEqual([
        { host: `${name}-compute1`, vcpus: 48, memory_mb: 65_536, local_gb: 2_000 },
        { host: `${name}-compute2`, vcpus: 48, memory_mb: 65_536, local_gb: 2_000 },
      ]);
      expect(
        await cellDb(name)
          .selectFrom('services')
          .select(['host', 'binary', 'availability_zone', 'disabled', 'ensuring', 'last_seen_up', 'deleted'])
          .orderBy('host')
          .execute(),
      ).toEqual(
        [`${name}-compute1`, `${name}-compute2`, `${name}-share@generic`].map((host) => ({
          host,
          binary: host.includes('@') ? 'share' : 'compute',
          availability_zone: name,
          disabled: 0,
          ensuring: 0,
          last_seen_up: NOW,
          deleted: 0,
        })),
      );
      const backend = await cellDb(name).selectFrom('share_backends').selectAll().executeTakeFirstOrThrow();
      expect(backend).toEqual({
        host: `${name}-share@generic`,
        availability_zone: name,
        capabilities: JSON.stringify({
          driver_handles_share_servers: false,
          snapshot_support: true,
          create_share_from_snapshot_support: true,
          revert_to_snapshot_support: false,
          mount_snapshot_support: false,
          storage_protocol: 'NFS_CIFS',
          vendor_name: 'cellgate',
          share_backend_name: 'GENERIC',
        }),
        configuration: JSON.stringify({ export_host: `${name}-nfs.cellgate.test` }),
        total_capacity_gb: 1_000,
        created_at: NOW,
        updated_at: null,
      });
    }
  });

  it('maps every sample to its cell and stores its request spec, created when the sample was', async () => {
    const mappings = await api
      .selectFrom('resource_mappings as m')
      .innerJoin('request_specs as s', 's.resource_id', 'm.resource_id')
      .innerJoin('cell_mappings as c', 'c.id', 'm.cell_id')
      .select(['m.resource_type', 'm.resource_id', 'c.name', 'm.project_id', 'm.user_id', 'm.created_at'])
      .select([
        's.resource_type as spec_type',
        's.spec',
        's.created_at as spec_created_at',
        'm.queued_for_delete',
      ])
      .execute();
    expect(mappings.filter((row) => row.resource_type === 'server')).toHaveLength(20);
    expect(mappings.filter((row) => row.resource_type === 'share')).toHaveLength(4);
    expect(await rowCount(api, 'resource_mappings')).toBe(24);
    expect(await rowCount(api, 'request_specs')).toBe(24);
    for (const name of ['cell1', 'cell2']) {
      const rows = [
        ...(
          await cellDb(name)
            .selectFrom('instances')
            .select(['uuid', 'project_id', 'user_id', 'created_at'])
            .execute()
        ).map((row) => ({ ...row, type: 'server' })),
        ...(
          await cellDb(name)
            .selectFrom('shares')
            .select(['uuid', 'project_id', 'user_id', 'created_at'])
            .execute()
        ).map((row) => ({ ...row, type: 'share' })),
      ];
      for (const row of rows) {
        const mapping = mappings.find((candidate) => candidate.resource_id === row.uuid);
        expect(mapping).toMatchObject({
          resource_type: row.type,
          name,
          project_id: row.project_id,
          user_id: row.user_id,
          created_at: row.created_at,
          spec_type: row.type,
          spec_created_at: row.created_at,
          queued_for_delete: 0,
        });
        expect(JSON.parse(mapping!.spec)).toMatchObject({ kind: row.type, projectId: row.project_id });
      }
    }
    const server = mappings.find((row) => row.resource_id === demoUuid('cell1:demo:server:1'))!;
    expect(JSON.parse(server.spec)).toEqual({
      kind: 'server',
      projectId: 'demo',
      userId: 'demo-user',
      flavor: {
        id: demoUuid('flavor:m1.small'),
        name: 'm1.small',
        vcpus: 1,
        ram: 2048,
        disk: 20,
        ephemeral: 0,
        swap: 0,
        extraSpecs: {},
      },
      image: { id: demoUuid('image:cirros'), name: 'cirros' },
      availabilityZone: null,
      serverGroups: [],
    });
  });

  it('interleaves creation times across cells, distinct to the millisecond', async () => {
    const all = (
      await Promise.all(
        ['cell1', 'cell2'].map(async (name) =>
          (await cellDb(name).selectFrom('instances').select(['uuid', 'created_at']).execute()).map(
            (row) => ({
              ...row,
              cell: name,
            }),
          ),
        ),
      )
    )
      .flat()
      .sort((a, b) => b.created_at.getTime() - a.created_at.getTime());
    expect(new Set(all.map((row) => row.created_at.getTime())).size).toBe(20);
    expect(all.every((row) => row.created_at < NOW)).toBe(true);
    expect(all.slice(0, 8).map((row) => row.cell)).toEqual([
      'cell1',
      'cell2',
      'cell1',
      'cell2',
      'cell1',
      'cell2',
      'cell1',
      'cell2',
    ]);
    const spanMs = all[0]!.created_at.getTime() - all.at(-1)!.created_at.getTime();
    expect(spanMs).toBeGreaterThan(12 * 3_600_000);
  });

  it('gives every ERROR server exactly one fault and one message of its failed boot', async () => {
    for (const name of ['cell1', 'cell2']) {
      const failed = await cellDb(name)
        .selectFrom('instances')
        .select(['uuid', 'host', 'created_at', 'project_id'])
        .where('vm_state', '=', 'error')
        .orderBy('uuid')
        .execute();
      expect(failed.map((row) => row.uuid).sort()).toEqual(
        [demoUuid(`${name}:alt:server:4`), demoUuid(`${name}:demo:server:4`)].sort(),
      );
      for (const server of failed) {
        const faults = await cellDb(name)
          .selectFrom('instance_faults')
          .selectAll()
          .where('instance_uuid', '=', server.uuid)
          .execute();
        const failedAt = new Date(server.created_at.getTime() + 60_000);
        expect(faults).toEqual([
          {
            id: expect.any(Number),
            instance_uuid: server.uuid,
            code: 500,
            message: `Build of instance ${server.uuid} aborted: Failed to boot the server on ${server.host}.`,
            details: expect.stringContaining(server.host!),
            host: server.host,
            request_id: expect.stringMatching(
              /^req-[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
            ),
            created_at: failedAt,
            deleted: 0,
          },
        ]);
        const messages = await cellDb(name)
          .selectFrom('messages')
          .selectAll()
          .where('resource_id', '=', server.uuid)
          .execute();
        expect(messages).toEqual([
          {
            id: expect.any(String),
            project_id: server.project_id,
            request_id: faults[0]!.request_id,
            resource_type: 'SERVER',
            resource_id: server.uuid,
            action_id: '002',
            detail_id: '110',
            message_level: 'ERROR',
            created_at: failedAt,
            expires_at: new Date(failedAt.getTime() + MESSAGE_TTL_S * 1_000),
            updated_at: null,
            deleted_at: null,
            deleted: 0,
          },
        ]);
      }
      expect(await rowCount(cellDb(name), 'instance_faults')).toBe(2);
      expect(await rowCount(cellDb(name), 'messages')).toBe(2);
    }
  });

  it('adds nothing when run again', async () => {
    const before = await rowCounts();
    expect(await seedDemo({ ...options(5), now: new Date(NOW.getTime() + 3_600_000) })).toEqual({
      serversAdded: 0,
      sharesAdded: 0,
    });
    expect(await rowCounts()).toEqual(before);
  });

  it('adds only the missing samples when run with more servers per cell', async () => {
    const before = await rowCounts();
    expect(await seedDemo(options(10))).toEqual({ serversAdded: 20, sharesAdded: 4 });
    const after = await rowCounts();
    expect(after).toEqual({
      ...before,
      'cell1.instances': 20,
      'cell2.instances': 20,
      'cell1.shares': 4,
      'cell2.shares': 4,
      'cell1.instance_faults': 4,
      'cell2.instance_faults': 4,
      'cell1.messages': 4,
      'cell2.messages': 4,
      'api.resource_mappings': 48,
      'api.request_specs': 48,
    });
    expect(await rowCount(cellDb('cell0'), 'instances')).toBe(0);
  });

  async function rowCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const table of API_TABLES) counts[`api.${table}`] = await rowCount(api, table);
    for (const name of CELL_NAMES) {
      for (const table of CELL_TABLES) counts[`${name}.${table}`] = await rowCount(cellDb(name), table);
    }
    return counts;
  }
});

const OPTIONAL_SPECS = JSON.stringify({
  create_share_from_snapshot_support: 'True',
  mount_snapshot_support: 'False',
  revert_to_snapshot_support: 'False',
  snapshot_support: 'True',
});

async function rowCount(db: Kysely<CellDatabase> | Kysely<ApiDatabase>, table: string): Promise<number> {
  const result = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(result.rows[0]?.n);
}

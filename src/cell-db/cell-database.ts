import type { ColumnType, Generated } from 'kysely';

import type {
  AutoIdColumn,
  BoolColumn,
  DateColumn,
  JsonTextColumn,
  NullableDateColumn,
} from '../database/column-types.js';

/** Nova's `instances` table: one row per server. `deleted` is 0, or the row's id once soft-deleted. */
export interface InstancesTable {
  id: AutoIdColumn;
  uuid: string;
  display_name: string | null;
  project_id: string;
  user_id: string;
  vm_state: string;
  task_state: string | null;
  power_state: ColumnType<number, number | undefined, number>;
  host: string | null;
  availability_zone: string | null;
  flavor_name: string;
  flavor: JsonTextColumn;
  image_ref: string | null;
  image_name: string | null;
  metadata: JsonTextColumn;
  server_groups: JsonTextColumn;
  is_mapped: BoolColumn;
  created_at: DateColumn;
  updated_at: NullableDateColumn;
  deleted_at: NullableDateColumn;
  deleted: ColumnType<number, number | undefined, number>;
}

/** Nova's `instance_faults`: the newest row (highest id) of a server is its fault. */
export interface InstanceFaultsTable {
  id: AutoIdColumn;
  instance_uuid: string;
  code: number;
  message: string;
  details: string | null;
  host: string | null;
  request_id: string | null;
  created_at: DateColumn;
  deleted: ColumnType<number, number | undefined, number>;
}

/** Services of the cell: `compute` per host, `share` per `host@backend`, `worker` per worker process. */
export interface ServicesTable {
  id: AutoIdColumn;
  uuid: string;
  host: string;
  binary: string;
  availability_zone: string | null;
  disabled: BoolColumn;
  disabled_reason: string | null;
  forced_down: BoolColumn;
  ensuring: BoolColumn;
  last_seen_up: NullableDateColumn;
  report_count: ColumnType<number, number | undefined, number>;
  created_at: DateColumn;
  updated_at: NullableDateColumn;
  deleted: ColumnType<number, number | undefined, number>;
}

/** Capacity of one compute host (what the hypervisor reports). */
export interface ComputeNodesTable {
  host: string;
  vcpus: number;
  memory_mb: number;
  local_gb: number;
  created_at: DateColumn;
}

/** One share backend (`host@backend`): its capabilities and its current configuration. */
export interface ShareBackendsTable {
  host: string;
  availability_zone: string | null;
  capabilities: JsonTextColumn;
  configuration: JsonTextColumn;
  total_capacity_gb: number;
  created_at: DateColumn;
  updated_at: NullableDateColumn;
}

/** Manila's shares (one instance per share here). */
export interface SharesTable {
  id: AutoIdColumn;
  uuid: string;
  name: string | null;
  description: string | null;
  size: number;
  share_proto: string;
  status: string;
  share_type_id: string | null;
  share_type_name: string | null;
  share_network_id: string | null;
  availability_zone: string | null;
  host: string | null;
  is_public: BoolColumn;
  export_locations: JsonTextColumn;
  snapshot_support: ColumnType<number | null, boolean | null | undefined, boolean | null>;
  create_share_from_snapshot_support: ColumnType<number | null, boolean | null | undefined, boolean | null>;
  project_id: string;
  user_id: string;
  is_mapped: BoolColumn;
  created_at: DateColumn;
  updated_at: NullableDateColumn;
  deleted_at: NullableDateColumn;
  deleted: ColumnType<number, number | undefined, number>;
}

/** User messages (Cinder/Manila): stored in the cell where the failure happened. */
export interface MessagesTable {
  id: string;
  project_id: string;
  request_id: string | null;
  resource_type: string;
  resource_id: string | null;
  action_id: string;
  detail_id: string;
  message_level: string;
  created_at: DateColumn;
  expires_at: DateColumn;
  updated_at: NullableDateColumn;
  deleted_at: NullableDateColumn;
  deleted: BoolColumn;
}

/** The cell's durable task queue. */
export interface TasksTable {
  id: Generated<number>;
  kind: string;
  resource_id: string | null;
  payload: JsonTextColumn;
  request_id: string | null;
  status: string;
  attempts: ColumnType<number, number | undefined, number>;
  lease_until: NullableDateColumn;
  claimed_by: string | null;
  last_error: string | null;
  created_at: DateColumn;
  updated_at: NullableDateColumn;
}

/** Named leases that keep a periodic job (the reaper) to one worker at a time. */
export interface LeasesTable {
  name: string;
  holder: string | null;
  lease_until: NullableDateColumn;
}

/** Every table of a cell database. */
export interface CellDatabase {
  instances: InstancesTable;
  instance_faults: InstanceFaultsTable;
  services: ServicesTable;
  compute_nodes: ComputeNodesTable;
  share_backends: ShareBackendsTable;
  shares: SharesTable;
  messages: MessagesTable;
  tasks: TasksTable;
  leases: LeasesTable;
}

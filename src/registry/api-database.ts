import type {
  AutoIdColumn,
  BoolColumn,
  DateColumn,
  JsonTextColumn,
  NullableDateColumn,
} from '../database/column-types.js';
import type { ResourceKind } from '../resource/resource-kind.js';

/** One registered cell. cell0 (uuid of zeros) holds the requests no host could take. */
export interface CellMappingsTable {
  id: AutoIdColumn;
  uuid: string;
  name: string;
  database_url: string;
  availability_zone: string | null;
  disabled: BoolColumn;
  created_at: DateColumn;
  updated_at: NullableDateColumn;
}

/** Where a server or share lives (Nova's `instance_mappings`, for shares too). */
export interface ResourceMappingsTable {
  id: AutoIdColumn;
  resource_type: ResourceKind;
  resource_id: string;
  cell_id: number;
  project_id: string;
  user_id: string | null;
  queued_for_delete: BoolColumn;
  created_at: DateColumn;
  updated_at: NullableDateColumn;
}

/** What the request asked for (Nova's `request_specs`): the source of minimal constructs. */
export interface RequestSpecsTable {
  resource_id: string;
  resource_type: ResourceKind;
  spec: JsonTextColumn;
  created_at: DateColumn;
}

/** Which cell a compute host is in (source of the down-cell compute services). */
export interface HostMappingsTable {
  id: AutoIdColumn;
  cell_id: number;
  host: string;
  created_at: DateColumn;
}

export interface FlavorsTable {
  id: string;
  name: string;
  vcpus: number;
  ram: number;
  disk: number;
  ephemeral: number;
  swap: number;
  extra_specs: JsonTextColumn;
  created_at: DateColumn;
}

export interface ImagesTable {
  id: string;
  name: string;
  properties: JsonTextColumn;
  created_at: DateColumn;
}

export interface ShareTypesTable {
  id: string;
  name: string;
  is_default: BoolColumn;
  visibility: string;
  required_extra_specs: JsonTextColumn;
  optional_extra_specs: JsonTextColumn;
  created_at: DateColumn;
}

export interface ShareNetworksTable {
  id: string;
  name: string | null;
  neutron_net_id: string;
  neutron_subnet_id: string;
  project_id: string;
  user_id: string | null;
  created_at: DateColumn;
}

/** Secrets the gateway generated for itself, by name (`jwt-hs256`). */
export interface GatewaySecretsTable {
  name: string;
  value: string;
  created_at: DateColumn;
}

/** Every table of the API database. */
export interface ApiDatabase {
  cell_mappings: CellMappingsTable;
  resource_mappings: ResourceMappingsTable;
  request_specs: RequestSpecsTable;
  host_mappings: HostMappingsTable;
  flavors: FlavorsTable;
  images: ImagesTable;
  share_types: ShareTypesTable;
  share_networks: ShareNetworksTable;
  gateway_secrets: GatewaySecretsTable;
}

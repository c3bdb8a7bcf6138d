/**
 * The catalogue of sanctioned user messages: the only place the text of a user message lives.
 *
 * Implements Manila's `manila/message/message_field.py` (CONTRACT §4 "Message"). A message is stored as ids
 * (resource type, action, detail) and its text is computed from this catalogue when it is read, as Manila and
 * Cinder do, so no exception text, hostname or SQL can ever reach a user. Actions and details 001–034 are
 * Manila's, verbatim, quirks included; details 101–111 are cellgate's compute equivalents for servers.
 */

import type { ResourceTypeName } from '../resource/resource-kind.js';

/** An action of the catalogue: what the user asked for, e.g. `{ id: '001', text: 'allocate host' }`. */
export interface MessageActionEntry {
  /** Three-digit id, stored as `action_id`. */
  readonly id: string;
  /** Lower-case text, the part of the user message before the colon. */
  readonly text: string;
}

/** A detail of the catalogue: why the action failed, e.g. `{ id: '003', text: 'Driver does not expect …' }`. */
export interface MessageDetailEntry {
  /** Three-digit id, stored as `detail_id`. */
  readonly id: string;
  /** A full sentence, the part of the user message after the colon. */
  readonly text: string;
}

/**
 * The actions by name (Manila's `message_field.Action`; Manila has no ids 012–025).
 *
 * Servers use the same actions: `AllocateHost` for scheduling failures, `Create` for boot failures and `Delete`
 * for delete failures.
 */
export const MessageAction = Object.freeze({
  AllocateHost: entry('001', 'allocate host'),
  Create: entry('002', 'create'),
  DeleteAccessRules: entry('003', 'delete access rules'),
  Promote: entry('004', 'promote'),
  Update: entry('005', 'update'),
  RevertToSnapshot: entry('006', 'revert to snapshot'),
  Delete: entry('007', 'delete'),
  Extend: entry('008', 'extend'),
  Shrink: entry('009', 'shrink'),
  UpdateAccessRules: entry('010', 'update access rules'),
  AddUpdateSecurityService: entry('011', 'add or update security service'),
  TransferAccept: entry('026', 'transfer accept'),
  // Manila's text really has the underscore.
  UpdateMetadata: entry('027', 'update_metadata'),
  RestoreBackup: entry('028', 'restore share backup'),
});

/**
 * The details by name: Manila's `message_field.Detail` (001–034), then cellgate's compute details (101–111).
 *
 * The compute details sit in their own id range so that a Manila id never changes meaning.
 */
export const MessageDetail = Object.freeze({
  UnknownError: entry('001', 'An unknown error occurred.'),
  NoValidHost: entry(
    '002',
    'No storage could be allocated for this share request. Trying again with a different size or share type may succeed.',
  ),
  UnexpectedNetwork: entry(
    '003',
    'Driver does not expect share-network to be provided with current configuration.',
  ),
  NoShareServer: entry(
    '004',
    "Could not find an existing share server or allocate one on the share network provided. You may use a different share network, or verify the network details in the share network and retry your request. If this doesn't work, contact your administrator to troubleshoot issues with your network.",
  ),
  NoActiveAvailableReplica: entry(
    '005',
    "An 'active' replica must exist in 'available' state to create a new replica for share.",
  ),
  NoActiveReplica: entry('006', "Share has no replica with 'replica_state' set to 'active'."),
  FilterAvailability: entry('007', filterText('AvailabilityZone')),
  FilterCapabilities: entry('008', filterText('Capabilities')),
  FilterCapacity: entry('009', filterText('Capacity')),
  FilterDriver: entry('010', filterText('Driver')),
  FilterIgnore: entry('011', filterText('IgnoreAttemptedHosts')),
  FilterJson: entry('012', filterText('Json')),
  FilterRetry: entry('013', filterText('Retry')),
  FilterReplication: entry('014', filterText('ShareReplication')),
  DriverFailedExtend: entry(
    '015',
    'Share Driver failed to extend share, The share status has been set to extending_error. This action cannot be re-attempted until the status has been rectified. Contact your administrator to determine the cause of this failure.',
  ),
  FilterCreateFromSnapshot: entry('016', filterText('CreateFromSnapshot')),
  DriverFailedCreatingFromSnap: entry(
    '017',
    'Share Driver has failed to create the share from snapshot. This operation can be re-attempted by creating a new share. Contact your administrator to determine the cause of this failure.',
  ),
  DriverRefusedShrink: entry(
    '018',
    'Share Driver refused to shrink the share. The size to be shrunk is smaller than the current used space. The share status has been set to available. Please select a size greater than the current used space.',
  ),
  DriverFailedShrink: entry(
    '019',
    'Share Driver does not support shrinking shares. Shrinking share operation failed.',
  ),
  ForbiddenClientAccess: entry(
    '020',
    'Failed to grant access to client. The client ID used may be forbidden. You may try again with a different client identifier.',
  ),
  UnsupportedClientAccess: entry(
    '021',
    'Failed to grant access to client. The access level or type may be unsupported. You may try again with a different access level or access type.',
  ),
  UnsupportedAddUpdateSecurityService: entry(
    '022',
    'Share driver has failed to setup one or more security services that are associated with the used share network. The security service may be unsupported or the provided parameters are invalid. You may try again with a different set of configurations.',
  ),
  SecurityServiceFailedAuth: entry(
    '023',
    'Share Driver failed to create share due to a security service authentication issue. The security service user has either insufficient privileges or wrong credentials. Please check your user, password, ou and domain.',
  ),
  NoDefaultShareType: entry(
    '024',
    'No default share type has been made available. You must specify a share type for creating shares.',
  ),
  MissingSecurityService: entry(
    '025',
    'Share Driver failed to create share because a security service has not been added to the share network used. Please add a security service to the share network.',
  ),
  DriverFailedTransferAccept: entry(
    '026',
    'Share transfer cannot be accepted without clearing access rules.',
  ),
  ShareNetworkPortQuotaLimitExceeded: entry(
    '027',
    "Failed to create a new network port on the share network subnet. The limit of the number of ports has been exceeded. You may increase the network port quotas or free up some ports and retry. If this doesn't work, contact your administrator to troubleshoot issues with your network.",
  ),
  ShareBackendNotReadyYet: entry(
    '028',
    'No storage could be allocated for this share request. Share back end services are not ready yet. Contact your administrator in case retrying does not help.',
  ),
  UpdateMetadataSuccess: entry(
    '029',
    'Metadata passed to share driver successfully performed required operation.',
  ),
  UpdateMetadataFailure: entry(
    '030',
    'Metadata passed to share driver failed to perform required operation.',
  ),
  UpdateMetadataNotDeleted: entry(
    '031',
    'Metadata delete operation includes driver updatable metadata, and it is not passed to share driver to perform required operation.',
  ),
  TargetedRestoreUnsupported: entry(
    '032',
    'Cannot restore a given backup to a target share, not supported by share driver.',
  ),
  // Manila's text really lacks the space after "subnet.".
  NeutronSubnetFull: entry(
    '033',
    "Share Driver failed to create share server on share network due no more free IP addresses in the neutron subnet.You may free some IP addresses in the subnet or create a new subnet/share network. If this doesn't work, contact your administrator to troubleshoot issues with your network.",
  ),
  UnsupportedReplicaCreateConfig: entry(
    '034',
    'Share driver has failed to create share replica because of unsupported configuration options. Please try again with a different configuration.',
  ),
  ComputeNoValidHost: entry('101', 'No valid host was found. There are not enough hosts available.'),
  ComputeFilterAvailabilityZone: entry(
    '102',
    "No valid host was found, AvailabilityZone filter didn't succeed.",
  ),
  ComputeFilterCapacity: entry('103', "No valid host was found, Capacity filter didn't succeed."),
  // The compute twin of Manila's 028: no compute service is up, which is not the same as no host having room.
  ComputeServiceNotReady: entry(
    '104',
    'No valid host was found. No compute service is up. Contact your administrator in case retrying does not help.',
  ),
  BootFailed: entry(
    '110',
    'The server failed to boot on its host. Trying again with a different image may succeed.',
  ),
  DeleteFailed: entry('111', 'The server could not be deleted on its host.'),
});

/**
 * The name of a scheduler filter, as the scheduler reports the last filter that left no host.
 *
 * cellgate runs `AvailabilityZoneFilter`, `CapacityFilter` and `CapabilitiesFilter`; the others are Manila's, so
 * that its whole `FILTER_DETAIL_MAPPINGS` (and its unmapped filters) can be expressed.
 */
export type SchedulerFilterName =
  | 'AvailabilityZoneFilter'
  | 'CapacityFilter'
  | 'CapabilitiesFilter'
  | 'DriverFilter'
  | 'IgnoreAttemptedHostsFilter'
  | 'JsonFilter'
  | 'RetryFilter'
  | 'ShareReplicationFilter'
  | 'CreateFromSnapshotFilter'
  | 'OnlyHostFilter'
  | 'AffinityFilter'
  | 'AntiAffinityFilter';

/**
 * The detail of a scheduling failure whose last filter was `filterName` (Manila's `FILTER_DETAIL_MAPPINGS`).
 *
 * Shares: AvailabilityZone → 007, Capabilities → 008, Capacity → 009 (and Manila's other mapped filters);
 * any unmapped filter → 002 `NoValidHost`. Servers: AvailabilityZone → 102, Capacity → 103; anything else,
 * `CapabilitiesFilter` included, → 101 `ComputeNoValidHost`. Never throws.
 */
export function detailForFailedFilter(
  resourceType: ResourceTypeName,
  filterName: SchedulerFilterName,
): MessageDetailEntry {
  const { byFilter, fallback } = FILTER_DETAILS[resourceType];
  return byFilter[filterName] ?? fallback;
}

/**
 * The message of a request no host could take (Nova's and Manila's scheduler `NoValidHost` path): "allocate host"
 * with the detail of the filter that left no host (`detailForFailedFilter`); or, when no host was up to begin with
 * (`lastFilter` null), a share gets Manila's "create" / "Share back end services are not ready yet" (`002`/`028`,
 * as its filter scheduler writes before it raises `WillNotSchedule`) and a server "allocate host" / "No compute
 * service is up" (`001`/`104`).
 */
export function schedulingFailureMessage(
  resourceType: ResourceTypeName,
  lastFilter: SchedulerFilterName | null,
): SanctionedMessage {
  if (lastFilter !== null) {
    return sanctionedMessage(
      resourceType,
      MessageAction.AllocateHost,
      detailForFailedFilter(resourceType, lastFilter),
    );
  }
  const { action, detail } = FILTER_DETAILS[resourceType].whenNoneUp;
  return sanctionedMessage(resourceType, action, detail);
}

/** A message that may be stored: resource type and catalogue ids, never free text. */
export interface SanctionedMessage {
  readonly resourceType: ResourceTypeName;
  /** The id of a `MessageAction` entry. */
  readonly actionId: string;
  /** The id of a `MessageDetail` entry. */
  readonly detailId: string;
}

/**
 * Builds the sanctioned message "`action` failed for `detail`" about a resource of `resourceType`.
 *
 * `action` and `detail` must be the catalogue's own entries (`MessageAction.*`, `MessageDetail.*`); anything else,
 * even an equal-looking object, throws a plain `Error`, because it is a bug in the caller. The result is frozen.
 */
export function sanctionedMessage(
  resourceType: ResourceTypeName,
  action: MessageActionEntry,
  detail: MessageDetailEntry,
): SanctionedMessage {
  if (ACTIONS.get(action.id) !== action) {
    throw new Error(`Action "${action.id}" is not an entry of the message catalogue.`);
  }
  if (DETAILS.get(detail.id) !== detail) {
    throw new Error(`Detail "${detail.id}" is not an entry of the message catalogue.`);
  }
  return Object.freeze({ resourceType, actionId: action.id, detailId: detail.id });
}

/**
 * The text a user reads: `"<action text>: <detail text>"`, Manila's `"%s: %s"` (Cinder has no space).
 *
 * An unknown action id reads as "unknown action" and an unknown detail id as "An unknown error occurred.", as in
 * Manila's `translate_action` and `translate_detail`. Never throws.
 */
export function userMessageText(actionId: string, detailId: string): string {
  const action = ACTIONS.get(actionId)?.text ?? 'unknown action';
  const detail = DETAILS.get(detailId)?.text ?? MessageDetail.UnknownError.text;
  return `${action}: ${detail}`;
}

/** The event id of a message: `"<RESOURCE_TYPE>_<actionId>_<detailId>"`, e.g. `"SHARE_001_008"`. */
export function eventId(resourceType: ResourceTypeName, actionId: string, detailId: string): string {
  return `${resourceType}_${actionId}_${detailId}`;
}

/** Whether `id` is the id of an action of the catalogue. */
export function isKnownActionId(id: string): boolean {
  return ACTIONS.has(id);
}

/** Whether `id` is the id of a detail of the catalogue. */
export function isKnownDetailId(id: string): boolean {
  return DETAILS.has(id);
}

const ACTIONS: ReadonlyMap<string, MessageActionEntry> = new Map(
  Object.values(MessageAction).map((action) => [action.id, action]),
);

const DETAILS: ReadonlyMap<string, MessageDetailEntry> = new Map(
  Object.values(MessageDetail).map((detail) => [detail.id, detail]),
);

/** Per resource type: the detail of each mapped filter, and the detail of every other filter. */
const FILTER_DETAILS: Readonly<
  Record<
    ResourceTypeName,
    {
      readonly byFilter: Readonly<Partial<Record<SchedulerFilterName, MessageDetailEntry>>>;
      readonly fallback: MessageDetailEntry;
      /** The message when no host was up at all. */
      readonly whenNoneUp: { readonly action: MessageActionEntry; readonly detail: MessageDetailEntry };
    }
  >
> = Object.freeze({
  SHARE: Object.freeze({
    byFilter: Object.freeze({
      AvailabilityZoneFilter: MessageDetail.FilterAvailability,
      CapabilitiesFilter: MessageDetail.FilterCapabilities,
      CapacityFilter: MessageDetail.FilterCapacity,
      DriverFilter: MessageDetail.FilterDriver,
      IgnoreAttemptedHostsFilter: MessageDetail.FilterIgnore,
      JsonFilter: MessageDetail.FilterJson,
      RetryFilter: MessageDetail.FilterRetry,
      ShareReplicationFilter: MessageDetail.FilterReplication,
      CreateFromSnapshotFilter: MessageDetail.FilterCreateFromSnapshot,
    }),
    fallback: MessageDetail.NoValidHost,
    whenNoneUp: Object.freeze({
      action: MessageAction.Create,
      detail: MessageDetail.ShareBackendNotReadyYet,
    }),
  }),
  SERVER: Object.freeze({
    byFilter: Object.freeze({
      AvailabilityZoneFilter: MessageDetail.ComputeFilterAvailabilityZone,
      CapacityFilter: MessageDetail.ComputeFilterCapacity,
    }),
    fallback: MessageDetail.ComputeNoValidHost,
    whenNoneUp: Object.freeze({
      action: MessageAction.AllocateHost,
      detail: MessageDetail.ComputeServiceNotReady,
    }),
  }),
});

/** A frozen catalogue entry. A function declaration, so the tables above can use it before this line. */
function entry(id: string, text: string): Readonly<{ id: string; text: string }> {
  return Object.freeze({ id, text });
}

/** Manila's `FILTER_MSG`: the detail text of a share request that the filter `name` left without a backend. */
function filterText(name: string): string {
  return `No storage could be allocated for this share request, ${name} filter didn't succeed.`;
}

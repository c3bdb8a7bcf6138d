/**
 * The catalogue of sanctioned user messages (Cinder's and Manila's `message_field`): the only place the text of a
 * user message lives. A message is stored as ids (resource type, action, detail) and its text is computed from
 * this catalogue when read, so no internal detail ever reaches a user.
 *
 * Actions and details 001–034 are Manila's, verbatim (quirks included); details 101–111 are the compute
 * equivalents for scheduling and boot failures.
 */

/** The kinds of resource a message can be about. */
export type MessageResourceType = 'SERVER' | 'SHARE';

/** An action: what the user asked for. */
export interface MessageActionEntry {
  readonly id: string;
  readonly text: string;
}

/** A detail: why it failed. */
export interface MessageDetailEntry {
  readonly id: string;
  readonly text: string;
}

const entry = (id: string, text: string) => Object.freeze({ id, text });

/** Actions by name (Manila's `message_field.Action`). */
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
  UpdateMetadata: entry('027', 'update_metadata'),
  RestoreBackup: entry('028', 'restore share backup'),
});

const FILTER_MESSAGE = (filter: string) =>
  `No storage could be allocated for this share request, ${filter} filter didn't succeed.`;

/** Details by name (Manila's `message_field.Detail`, then cellgate's compute details). */
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
  FilterAvailability: entry('007', FILTER_MESSAGE('AvailabilityZone')),
  FilterCapabilities: entry('008', FILTER_MESSAGE('Capabilities')),
  FilterCapacity: entry('009', FILTER_MESSAGE('Capacity')),
  FilterDriver: entry('010', FILTER_MESSAGE('Driver')),
  FilterIgnore: entry('011', FILTER_MESSAGE('IgnoreAttemptedHosts')),
  FilterJson: entry('012', FILTER_MESSAGE('Json')),
  FilterRetry: entry('013', FILTER_MESSAGE('Retry')),
  FilterReplication: entry('014', FILTER_MESSAGE('ShareReplication')),
  DriverFailedExtend: entry(
    '015',
    'Share Driver failed to extend share, The share status has been set to extending_error. This action cannot be re-attempted until the status has been rectified. Contact your administrator to determine the cause of this failure.',
  ),
  FilterCreateFromSnapshot: entry('016', FILTER_MESSAGE('CreateFromSnapshot')),
  DriverFailedCreatingFromSnap: entry(
    '017',
    'Share Driver has failed to create the share from snapshot. This operation can be re-attempted by creating a new share. Contact your administrator to determine the cause of this failure.',
  ),
  DriverRefusedShrink: entry(
    '018',
    'Share Driver refused to shrink the share. The size to be shrunk is smaller than the current used space. The share status has been set to available. Please select a size greater than the current used space.',
  ),
  DriverFailedShrink: entry('019', 'Share Driver does not support shrinking shares. Shrinking share operation failed.'),
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
  DriverFailedTransferAccept: entry('026', 'Share transfer cannot be accepted without clearing access rules.'),
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
  UpdateMetadataFailure: entry('030', 'Metadata passed to share driver failed to perform required operation.'),
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
  ComputeFilterAvailabilityZone: entry('102', "No valid host was found, AvailabilityZone filter didn't succeed."),
  ComputeFilterCapacity: entry('103', "No valid host was found, Capacity filter didn't succeed."),
  BootFailed: entry(
    '110',
    'The server failed to boot on its host. Trying again with a different image may succeed.',
  ),
  DeleteFailed: entry('111', 'The server could not be deleted on its host.'),
});

const ACTIONS: ReadonlyMap<string, MessageActionEntry> = new Map(
  Object.values(MessageAction).map((action) => [action.id, action]),
);
const DETAILS: ReadonlyMap<string, MessageDetailEntry> = new Map(
  Object.values(MessageDetail).map((detail) => [detail.id, detail]),
);

/** The scheduler filters whose failure a message can name. */
export type SchedulerFilterName = 'AvailabilityZoneFilter' | 'CapacityFilter' | 'CapabilitiesFilter';

/**
 * The detail of a scheduling failure whose last filter was `filter` (Manila's `FILTER_DETAIL_MAPPINGS`):
 * shares 007/009/008, servers 102/103; anything else the generic "no valid host" of the resource type.
 */
export function detailForFailedFilter(
  resourceType: MessageResourceType,
  filter: SchedulerFilterName,
): MessageDetailEntry {
  if (resourceType === 'SHARE') {
    switch (filter) {
      case 'AvailabilityZoneFilter':
        return MessageDetail.FilterAvailability;
      case 'CapabilitiesFilter':
        return MessageDetail.FilterCapabilities;
      case 'CapacityFilter':
        return MessageDetail.FilterCapacity;
    }
  }
  switch (filter) {
    case 'AvailabilityZoneFilter':
      return MessageDetail.ComputeFilterAvailabilityZone;
    case 'CapacityFilter':
      return MessageDetail.ComputeFilterCapacity;
    case 'CapabilitiesFilter':
      return MessageDetail.ComputeNoValidHost;
  }
}

/** A message that may be stored: built only from catalogue entries, never from free text. */
export interface SanctionedMessage {
  readonly resourceType: MessageResourceType;
  readonly actionId: string;
  readonly detailId: string;
}

/** The sanctioned message of `action` failing for `detail` on a resource of `resourceType`. */
export function sanctionedMessage(
  resourceType: MessageResourceType,
  action: MessageActionEntry,
  detail: MessageDetailEntry,
): SanctionedMessage {
  if (ACTIONS.get(action.id) !== action || DETAILS.get(detail.id) !== detail) {
    throw new Error('A message must be built from catalogue entries.');
  }
  return Object.freeze({ resourceType, actionId: action.id, detailId: detail.id });
}

/**
 * `"<action text>: <detail text>"`, Manila's format (with a space; Cinder omits it). Unknown ids read as
 * "unknown action" and "An unknown error occurred.", as in Manila.
 */
export function userMessageText(actionId: string, detailId: string): string {
  const action = ACTIONS.get(actionId)?.text ?? 'unknown action';
  const detail = DETAILS.get(detailId)?.text ?? MessageDetail.UnknownError.text;
  return `${action}: ${detail}`;
}

/** `"<RESOURCE_TYPE>_<action id>_<detail id>"`, e.g. `"SHARE_001_008"`. */
export function eventId(resourceType: string, actionId: string, detailId: string): string {
  return `${resourceType}_${actionId}_${detailId}`;
}

/** Whether `id` is an action of the catalogue. */
export function isKnownActionId(id: string): boolean {
  return ACTIONS.has(id);
}

/** Whether `id` is a detail of the catalogue. */
export function isKnownDetailId(id: string): boolean {
  return DETAILS.has(id);
}

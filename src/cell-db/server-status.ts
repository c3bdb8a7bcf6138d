/** The public status of a server (CONTRACT section 4). */
export type ServerStatus = 'ACTIVE' | 'BUILD' | 'ERROR' | 'SHUTOFF' | 'DELETED' | 'UNKNOWN';

/** The hypervisor power state, by Nova's integer codes. */
export type PowerState = 'NOSTATE' | 'RUNNING' | 'PAUSED' | 'SHUTDOWN' | 'CRASHED' | 'SUSPENDED';

const POWER_STATES: Readonly<Record<number, PowerState>> = {
  0: 'NOSTATE',
  1: 'RUNNING',
  3: 'PAUSED',
  4: 'SHUTDOWN',
  6: 'CRASHED',
  7: 'SUSPENDED',
};

/** Nova's power state integer → name; unknown codes read as NOSTATE. */
export function powerStateName(code: number): PowerState {
  return POWER_STATES[code] ?? 'NOSTATE';
}

/** Nova's power state name → integer. */
export function powerStateCode(state: PowerState): number {
  const entry = Object.entries(POWER_STATES).find(([, name]) => name === state);
  return entry ? Number(entry[0]) : 0;
}

/**
 * Nova's status mapping (`nova/api/openstack/common.py` `_STATE_MAP`), for the statuses this contract has.
 *
 * A deleted row is DELETED whatever its states; a vm_state outside the map, or a task_state that Nova maps to a
 * status this contract lacks (REBOOT, RESIZE, ...), reads as the vm_state's default or UNKNOWN.
 */
export function serverStatus(vmState: string, taskState: string | null, isDeleted: boolean): ServerStatus {
  if (isDeleted) return 'DELETED';
  void taskState;
  switch (vmState) {
    case 'active':
      return 'ACTIVE';
    case 'building':
      return 'BUILD';
    case 'stopped':
      return 'SHUTOFF';
    case 'error':
      return 'ERROR';
    case 'deleted':
      return 'DELETED';
    default:
      return 'UNKNOWN';
  }
}

/** The vm_state values a status filter selects (Nova's `task_and_vm_state_from_status`); empty matches nothing. */
export function vmStatesForStatus(status: ServerStatus): readonly string[] {
  switch (status) {
    case 'ACTIVE':
      return ['active'];
    case 'BUILD':
      return ['building'];
    case 'SHUTOFF':
      return ['stopped'];
    case 'ERROR':
      return ['error'];
    case 'DELETED':
      return ['deleted'];
    case 'UNKNOWN':
      return [];
  }
}

import type { Service } from '../cell-db/service.js';

/**
 * The minimal construct of a compute service whose cell did not answer (Nova 2.69): from a host mapping, only
 * `binary`, `host` and status UNKNOWN; every other field `null`.
 */
export function buildMinimalComputeService(host: string): Service {
  return {
    id: null,
    binary: 'compute',
    host,
    zone: null,
    status: 'UNKNOWN',
    state: null,
    updatedAt: null,
    disabledReason: null,
    forcedDown: null,
    ensuring: null,
    cell: null,
  };
}

/** A service as resolvers see it; a compute service of an unreachable cell has only binary, host and UNKNOWN. */
export interface Service {
  readonly id: string | null;
  readonly binary: string;
  readonly host: string;
  readonly zone: string | null;
  readonly status: 'ENABLED' | 'DISABLED' | 'UNKNOWN';
  readonly state: 'UP' | 'DOWN' | null;
  readonly updatedAt: Date | null;
  readonly disabledReason: string | null;
  readonly forcedDown: boolean | null;
  readonly ensuring: boolean | null;
  readonly cell: string | null;
}

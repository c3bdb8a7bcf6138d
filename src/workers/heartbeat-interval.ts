/** How often a worker beats, and whether the configured interval had to be shortened. */
export interface HeartbeatInterval {
  /** Milliseconds between two beats. */
  readonly intervalMs: number;
  /** Whether `HEARTBEAT_INTERVAL_S` was not well below `SERVICE_DOWN_TIME_S`, so the workers beat more often. */
  readonly isCorrected: boolean;
}

/** A heartbeat must fit this many times into `SERVICE_DOWN_TIME_S`, so that one late or lost beat is no outage. */
export const BEATS_PER_DOWN_TIME = 2.5;

/**
 * The interval the workers really beat at: `HEARTBEAT_INTERVAL_S`, or `SERVICE_DOWN_TIME_S / 2.5` when that is
 * shorter (CONTRACT section 1: a service whose worker runs never reads DOWN, whatever the two settings are).
 *
 * Nova's service group checks the same pair (`report_interval` against `service_down_time`) and corrects it with
 * the same factor 2.5, logging a warning; Nova raises the down time, but here the down time is what the gateway
 * shows operators, so it is the beat that changes. Pure: the caller logs the warning.
 */
export function heartbeatInterval(heartbeatIntervalS: number, serviceDownTimeS: number): HeartbeatInterval {
  const limitMs = (serviceDownTimeS * 1000) / BEATS_PER_DOWN_TIME;
  const configuredMs = heartbeatIntervalS * 1000;
  return configuredMs <= limitMs
    ? { intervalMs: configuredMs, isCorrected: false }
    : { intervalMs: Math.floor(limitMs), isCorrected: true };
}

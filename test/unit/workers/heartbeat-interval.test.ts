import { describe, expect, it } from 'vitest';

import { heartbeatInterval } from '../../../src/workers/heartbeat-interval.js';

describe('heartbeatInterval', () => {
  it('keeps HEARTBEAT_INTERVAL_S when it fits 2.5 times into SERVICE_DOWN_TIME_S', () => {
    expect(heartbeatInterval(10, 60)).toEqual({ intervalMs: 10_000, isCorrected: false });
    expect(heartbeatInterval(2, 5)).toEqual({ intervalMs: 2_000, isCorrected: false });
  });

  it('beats every SERVICE_DOWN_TIME_S / 2.5 otherwise', () => {
    expect(heartbeatInterval(10, 5)).toEqual({ intervalMs: 2_000, isCorrected: true });
    expect(heartbeatInterval(10, 2)).toEqual({ intervalMs: 800, isCorrected: true });
    expect(heartbeatInterval(10, 10)).toEqual({ intervalMs: 4_000, isCorrected: true });
    expect(heartbeatInterval(3, 7)).toEqual({ intervalMs: 2_800, isCorrected: true });
  });

  // Exhaustive over the small settings: whatever the pair, 2.5 beats fit into the down time.
  it('never lets a beat interval exceed SERVICE_DOWN_TIME_S / 2.5, and never lengthens it', () => {
    for (let heartbeatS = 1; heartbeatS <= 120; heartbeatS += 1) {
      for (let downS = 1; downS <= 120; downS += 1) {
        const { intervalMs, isCorrected } = heartbeatInterval(heartbeatS, downS);
        expect(intervalMs * 2.5).toBeLessThanOrEqual(downS * 1000);
        expect(intervalMs).toBeLessThanOrEqual(heartbeatS * 1000);
        expect(intervalMs).toBeGreaterThan(0);
        expect(isCorrected).toBe(intervalMs !== heartbeatS * 1000);
      }
    }
  });
});

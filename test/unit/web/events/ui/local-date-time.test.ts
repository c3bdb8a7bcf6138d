import { describe, expect, it } from 'vitest';

import { localDateTime } from '../../../../../web/events/src/ui/local-date-time.js';

describe('localDateTime', () => {
  it('round-trips an instant through the wall-clock value of a datetime-local input', () => {
    const iso = '2026-11-22T12:34:56.000Z';
    const local = localDateTime.fromIso(iso);
    expect(local).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(localDateTime.toIso(local)).toBe(iso);
  });

  it('reads and writes the wall-clock time of the time zone it runs in', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York'; // Node applies a new TZ at once
    try {
      expect(localDateTime.fromIso('2026-11-22T12:34:56.000Z')).toBe('2026-11-22T07:34:56');
      expect(localDateTime.toIso('2026-07-01T08:00:00')).toBe('2026-07-01T12:00:00.000Z');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('answers empty values for nothing and for what does not parse', () => {
    expect(localDateTime.fromIso(null)).toBe('');
    expect(localDateTime.fromIso('not a date')).toBe('');
    expect(localDateTime.toIso('')).toBeNull();
    expect(localDateTime.toIso('  ')).toBeNull();
    expect(localDateTime.toIso('2026-13-45T99:00')).toBeNull();
  });
});

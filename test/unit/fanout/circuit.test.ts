import { describe, expect, it } from 'vitest';

import { Circuit } from '../../../src/fanout/circuit.js';

describe('Circuit', () => {
  const circuit = () => new Circuit({ failureThreshold: 3, openForMs: 1_000 });

  it('opens after the threshold of consecutive failures, not before', () => {
    const c = circuit();
    expect(c.recordFailure(0)).toBe(false);
    expect(c.recordFailure(1)).toBe(false);
    expect(c.isRequestAllowed()).toBe(true);
    expect(c.recordFailure(2)).toBe(true);
    expect(c.state).toEqual({ phase: 'open', openedAt: 2, probeAt: 1_002 });
    expect(c.isRequestAllowed()).toBe(false);
  });

  it('forgets failures after a success', () => {
    const c = circuit();
    c.recordFailure(0);
    c.recordFailure(1);
    c.recordSuccess();
    c.recordFailure(2);
    expect(c.state).toEqual({ phase: 'closed', consecutiveFailures: 1 });
  });

  it('lets a probe through only after openForMs, half-open, and closes on its success', () => {
    const c = circuit();
    for (const t of [0, 1, 2]) c.recordFailure(t);
    expect(c.isProbeDue(1_001)).toBe(false);
    expect(c.isProbeDue(1_002)).toBe(true);
    c.startProbe(1_002);
    expect(c.state).toEqual({ phase: 'half-open', since: 1_002 });
    expect(c.isRequestAllowed()).toBe(false);
    expect(c.isProbeDue(5_000)).toBe(false);
    c.recordSuccess();
    expect(c.state).toEqual({ phase: 'closed', consecutiveFailures: 0 });
    expect(c.isRequestAllowed()).toBe(true);
  });

  it('reopens for another openForMs when the probe fails', () => {
    const c = circuit();
    for (const t of [0, 1, 2]) c.recordFailure(t);
    c.startProbe(1_500);
    expect(c.recordFailure(1_600)).toBe(true);
    expect(c.state).toEqual({ phase: 'open', openedAt: 1_600, probeAt: 2_600 });
  });

  it('ignores failures while open (late answers of requests sent before it opened)', () => {
    const c = circuit();
    for (const t of [0, 1, 2]) c.recordFailure(t);
    expect(c.recordFailure(500)).toBe(false);
    expect(c.state).toEqual({ phase: 'open', openedAt: 2, probeAt: 1_002 });
  });
});

import { describe, expect, it } from 'vitest';

import { Bulkhead } from '../../../src/fanout/bulkhead.js';

describe('Bulkhead', () => {
  it('lets `limit` holders in at once and queues the rest in order', async () => {
    const bulkhead = new Bulkhead(2);
    const first = await bulkhead.acquire(1_000);
    const second = await bulkhead.acquire(1_000);
    const order: number[] = [];
    const third = bulkhead.acquire(1_000).then((release) => (order.push(3), release));
    const fourth = bulkhead.acquire(1_000).then((release) => (order.push(4), release));
    expect(bulkhead.held).toBe(2);
    first!();
    (await third)!();
    second!();
    (await fourth)!();
    expect(order).toEqual([3, 4]);
    expect(bulkhead.held).toBe(0);
  });

  it('gives up a wait after its timeout without taking a place', async () => {
    const bulkhead = new Bulkhead(1);
    const held = await bulkhead.acquire(1_000);
    expect(await bulkhead.acquire(5)).toBeUndefined();
    expect(await bulkhead.acquire(0)).toBeUndefined();
    held!();
    held!(); // idempotent
    expect(bulkhead.held).toBe(0);
    expect(await bulkhead.acquire(0)).toBeInstanceOf(Function);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new Bulkhead(0)).toThrow("A bulkhead's limit must be a positive integer, got 0.");
  });

  // Exhaustive over every sequence of 10 acquires and releases (no fast-check in this project's dependencies).
  it('never has more than `limit` holders, whatever the order of acquires and releases', async () => {
    for (let limit = 1; limit <= 3; limit += 1) {
      for (let bits = 0; bits < 1 << 10; bits += 1) {
        const bulkhead = new Bulkhead(limit);
        const releases: (() => void)[] = [];
        const pending: Promise<unknown>[] = [];
        for (let step = 0; step < 10; step += 1) {
          if (bits & (1 << step)) {
            pending.push(bulkhead.acquire(10_000).then((release) => release && releases.push(release)));
          } else {
            releases.shift()?.();
          }
          await Promise.resolve();
          expect(bulkhead.held).toBeLessThanOrEqual(limit);
        }
        while (releases.length > 0 || bulkhead.held > 0) {
          releases.shift()?.();
          await new Promise((resolve) => setImmediate(resolve));
        }
        await Promise.all(pending);
        expect(bulkhead.held).toBe(0);
      }
    }
  });
});

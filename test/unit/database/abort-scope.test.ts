import { describe, expect, it } from 'vitest';

import {
  boundedByScope,
  currentAbortScope,
  outsideAbortScope,
  remainingMs,
  withAbortSwitch,
  withDeadline,
} from '../../../src/database/abort-scope.js';
import { AbortSwitch } from '../../../src/database/abort-switch.js';
import { Deadline } from '../../../src/database/deadline.js';

const abort = new AbortSwitch();

describe('abort scope', () => {
  it('tells nested work how much time the scope has left, and bounds a call by it', async () => {
    expect(remainingMs()).toBeUndefined();
    expect(boundedByScope(2_000)).toBe(2_000);
    await withAbortSwitch(
      abort,
      async () => {
        expect(remainingMs()).toBeGreaterThan(400);
        expect(remainingMs()).toBeLessThanOrEqual(500);
        expect(boundedByScope(2_000)).toBeLessThanOrEqual(500);
        expect(boundedByScope(100)).toBe(100);
      },
      performance.now() + 500,
    );
    await withAbortSwitch(abort, async () => expect(remainingMs()).toBe(0), performance.now() - 10);
  });

  it('gives withDeadline no more than the enclosing scope has left', async () => {
    const outcome = await withAbortSwitch(
      abort,
      () =>
        withDeadline(60_000, () => new Promise<never>(() => undefined)).then(
          () => 'resolved',
          (error: Error) => error.name,
        ),
      performance.now() + 20,
    );
    expect(outcome).toBe('TimeoutError');
  });

  it('fails withDeadline at once, without starting the work, when the enclosing scope has no time left', async () => {
    let isStarted = false;
    const outcome = await withAbortSwitch(
      abort,
      () =>
        withDeadline(1_000, async () => {
          isStarted = true;
        }).then(
          () => 'resolved',
          (error: Error) => error.name,
        ),
      performance.now() - 1,
    );
    expect({ outcome, isStarted }).toEqual({ outcome: 'TimeoutError', isStarted: false });
  });

  it('runs compensating work outside every scope', async () => {
    await withAbortSwitch(abort, async () => {
      expect(currentAbortScope()).toBeDefined();
      await outsideAbortScope(async () => expect(currentAbortScope()).toBeUndefined());
    });
  });
});

describe('Deadline', () => {
  it('fires at the scope when the scope ends first, at its own timeout otherwise', async () => {
    const outer = new AbortSwitch();
    const early = await withAbortSwitch(
      outer,
      async () => new Deadline(60_000, () => new Error('own timeout')),
      performance.now() + 10,
    );
    expect(early.abort).toBe(outer);
    early.dispose();

    const late = await withAbortSwitch(
      new AbortSwitch(),
      async () => new Deadline(10, () => new Error('own timeout')),
      performance.now() + 60_000,
    );
    const reason = await new Promise((resolve) => late.onAbort(resolve));
    expect(reason).toEqual(new Error('own timeout'));
    expect(late.isScoped).toBe(false);
    late.dispose();
  });

  it('follows a long scope that is aborted before its own timeout', async () => {
    const outer = new AbortSwitch();
    const deadline = await withAbortSwitch(
      outer,
      async () => new Deadline(60_000, () => new Error('own timeout')),
      performance.now() + 120_000,
    );
    const reason = new Promise((resolve) => deadline.onAbort(resolve));
    outer.abort(new Error('request deadline'));
    expect(await reason).toEqual(new Error('request deadline'));
    expect(deadline.isScoped).toBe(true);
    deadline.dispose();
  });
});

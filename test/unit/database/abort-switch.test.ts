import { describe, expect, it } from 'vitest';

import { AbortSwitch } from '../../../src/database/abort-switch.js';

describe('AbortSwitch', () => {
  it('tells each listener once, in order, with the first reason; later aborts change nothing', () => {
    const abort = new AbortSwitch();
    const heard: string[] = [];
    abort.onAbort((reason) => heard.push(`a:${String(reason)}`));
    abort.onAbort((reason) => heard.push(`b:${String(reason)}`));
    expect({ isAborted: abort.isAborted, reason: abort.reason }).toEqual({
      isAborted: false,
      reason: undefined,
    });
    abort.abort('first');
    abort.abort('second');
    expect(heard).toEqual(['a:first', 'b:first']);
    expect({ isAborted: abort.isAborted, reason: abort.reason }).toEqual({
      isAborted: true,
      reason: 'first',
    });
  });

  it('does not call a listener that was cancelled, and cancelling twice or after the abort is harmless', () => {
    const abort = new AbortSwitch();
    const heard: string[] = [];
    const cancelA = abort.onAbort(() => heard.push('a'));
    const cancelB = abort.onAbort(() => {
      heard.push('b');
      cancelA(); // cancelling from inside a listener does not make the next one skipped
    });
    abort.onAbort(() => heard.push('c'));
    cancelA();
    cancelA();
    abort.abort(new Error('stop'));
    cancelB();
    expect(heard).toEqual(['b', 'c']);
  });

  it('calls a listener added after the abort soon, not synchronously', async () => {
    const abort = new AbortSwitch();
    abort.abort('done');
    let heard: unknown;
    abort.onAbort((reason) => (heard = reason));
    expect(heard).toBeUndefined();
    await Promise.resolve();
    expect(heard).toBe('done');
  });

  it('aborts by itself with a TimeoutError after the given time', async () => {
    const abort = AbortSwitch.after(10);
    const reason = await new Promise((resolve) => abort.onAbort(resolve));
    expect(reason).toMatchObject({ name: 'TimeoutError' });
  });
});

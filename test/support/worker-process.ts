import { spawn, type ChildProcess } from 'node:child_process';

import { CELLGATE } from './cellgate-cli.js';
import { waitFor } from './topology.js';

/** A `cellgate worker` process of a test, with its structured log lines. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** The JSON log lines printed so far. */
  readonly events: Record<string, unknown>[];
  /** Waits until a log line matches `predicate`, and returns it. */
  waitForEvent(
    predicate: (event: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  /** SIGKILL: the process dies at once, in the middle of whatever it does. */
  kill(): Promise<void>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<void>;
}

/** Starts `cellgate worker [--cell NAME]` with `env` (the topology's, plus overrides) and waits until it runs. */
export async function startWorkerProcess(
  env: Readonly<Record<string, string>>,
  cell?: string,
): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [CELLGATE, 'worker', ...(cell ? ['--cell', cell] : [])], {
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const events: Record<string, unknown>[] = [];
  let buffered = '';
  let errors = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      try {
        events.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a log line
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    errors += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const worker: WorkerProcess = {
    child,
    events,
    waitForEvent: (predicate, timeoutMs = 15_000) =>
      waitFor(
        () => {
          if (child.exitCode !== null) throw new Error(`worker exited with ${child.exitCode}: ${errors}`);
          return events.find(predicate);
        },
        timeoutMs,
        'a worker log event',
      ),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  await worker.waitForEvent((event) => event['event'] === 'workers.started', 30_000);
  return worker;
}

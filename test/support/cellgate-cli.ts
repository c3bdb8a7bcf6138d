import { spawn } from 'node:child_process';
import { join } from 'node:path';

const CELLGATE = join(import.meta.dirname, '../../bin/cellgate.js');

/** What a `cellgate` process printed and how it ended. */
export interface CellgateRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cellgate ...args` with `env` over this process's environment (logs silent); resolves when it exits. */
export function runCellgate(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<CellgateRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CELLGATE, ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

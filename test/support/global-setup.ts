import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { ensureTemplate } from './mariadb-server.js';

const ROOT = join(import.meta.dirname, '../..');

/**
 * Runs once per vitest run, before any test file: builds dist/ (`npm run build`, well under a second) so that the
 * tests that spawn the real `cellgate` command (the CLI tests, the worker processes) run the code as it is now,
 * even for a single `npx vitest run <file>` right after an edit; then builds the MariaDB template data directory.
 */
export default function setup(): void {
  const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) {
    throw new Error(`npm run build failed (exit ${built.status}):\n${built.stdout}${built.stderr}`);
  }
  ensureTemplate();
}

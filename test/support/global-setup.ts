import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { ensureTemplate } from './mariadb-server.js';

const ROOT = join(import.meta.dirname, '../..');

/**
 * Runs once per vitest run, before any test file: `npm run build` (the Event Viewer's page and the compiled code
 * in dist/, a few seconds) so that the tests that spawn the real `cellgate` command (the CLI tests, the worker
 * processes, `cellgate start`) and the browser tests run the code as it is now, even for a single
 * `npx vitest run <file>` right after an edit; then builds the MariaDB template data directory.
 *
 * Each vitest project calls it; the build runs for the first only (the others run in the same process after it).
 */
export default function setup(): void {
  if (process.env['CELLGATE_TEST_BUILD_DONE'] !== '1') {
    const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8' });
    if (built.status !== 0) {
      throw new Error(`npm run build failed (exit ${built.status}):\n${built.stdout}${built.stderr}`);
    }
    process.env['CELLGATE_TEST_BUILD_DONE'] = '1';
  }
  ensureTemplate();
}

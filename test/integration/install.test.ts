import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

describe('npm ci', () => {
  it('installs every locked package without an EBADENGINE warning on this Node', () => {
    // --dry-run reads the lockfile and checks every package's engines without touching node_modules.
    const result = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    const warnings = `${result.stdout}${result.stderr}`
      .split('\n')
      .filter((line) => line.includes('EBADENGINE') && line.includes('package:'));
    expect(warnings).toEqual([]);
  });
});

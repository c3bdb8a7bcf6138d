import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { isInstalled, planPrerequisites, prerequisites } from '../../../scripts/test-prerequisites.js';

describe('planPrerequisites', () => {
  const [mariadbd, installDb, chromium, compose] = prerequisites({});

  it('does nothing when every program is there', () => {
    expect(planPrerequisites([], false)).toEqual({ action: 'none' });
  });

  it('installs each missing Debian package once when it may', () => {
    expect(planPrerequisites([mariadbd!, installDb!, compose!], true)).toEqual({
      action: 'install',
      packages: ['mariadb-server', 'docker-compose'],
    });
  });

  it('stops with one message naming every missing package when it may not install', () => {
    expect(planPrerequisites([mariadbd!, chromium!, compose!], false)).toEqual({
      action: 'stop',
      message:
        'npm test needs the Debian packages mariadb-server, chromium, docker-compose (for /usr/sbin/mariadbd, /usr/bin/chromium, docker-compose), and this user cannot install them. Install them as root (apt-get install -y mariadb-server chromium docker-compose) and run npm test again.',
    });
  });
});

describe('prerequisites', () => {
  it('looks where the tests look, overrides included', () => {
    expect(prerequisites({ MARIADBD: '/opt/mariadb/bin/mariadbd', CHROMIUM_PATH: '/opt/chrome' })).toEqual([
      { program: '/opt/mariadb/bin/mariadbd', debianPackage: 'mariadb-server' },
      { program: 'mariadb-install-db', debianPackage: 'mariadb-server' },
      { program: '/opt/chrome', debianPackage: 'chromium' },
      { program: 'docker-compose', debianPackage: 'docker-compose' },
    ]);
  });
});

describe('isInstalled', () => {
  it('finds executable files by path and on PATH, and nothing else', () => {
    const directory = mkdtempSync(join(tmpdir(), 'cellgate-prerequisites-'));
    try {
      const program = join(directory, 'program');
      writeFileSync(program, '#!/bin/sh\n');
      chmodSync(program, 0o644);
      expect(isInstalled(program)).toBe(false);
      chmodSync(program, 0o755);
      expect(isInstalled(program)).toBe(true);
      expect(isInstalled('program', { PATH: `/nowhere:${directory}` })).toBe(true);
      expect(isInstalled('program', { PATH: '/nowhere' })).toBe(false);
      expect(isInstalled(directory)).toBe(false);
      expect(isInstalled(join(directory, 'absent'))).toBe(false);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

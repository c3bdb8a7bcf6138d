// `npm test`'s pretest step: finds the programs the suite needs and the machine lacks (the MariaDB server binaries
// the tests start, Debian's Chromium for the browser test, docker-compose for the compose file's test), installs
// their Debian packages when it can (root with apt-get), or stops at once with one message naming them all.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { assertNever } from '../src/util/assert-never.js';

/** A program the test suite runs, and the Debian package that provides it. */
export interface Prerequisite {
  /** The program as the tests look for it: an absolute path, or a name looked up on `PATH`. */
  readonly program: string;
  readonly debianPackage: string;
}

/** What the suite needs, honouring the same overrides as the tests (`MARIADBD`, `MARIADB_INSTALL_DB`, `CHROMIUM_PATH`). */
export function prerequisites(env: NodeJS.ProcessEnv = process.env): Prerequisite[] {
  return [
    { program: env['MARIADBD'] ?? '/usr/sbin/mariadbd', debianPackage: 'mariadb-server' },
    { program: env['MARIADB_INSTALL_DB'] ?? 'mariadb-install-db', debianPackage: 'mariadb-server' },
    { program: env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', debianPackage: 'chromium' },
    { program: 'docker-compose', debianPackage: 'docker-compose' },
  ];
}

/** What to do about the missing prerequisites. */
export type PrerequisitePlan =
  | { readonly action: 'none' }
  | { readonly action: 'install'; readonly packages: readonly string[] }
  | { readonly action: 'stop'; readonly message: string };

/** Decides from the missing prerequisites and whether this process may run `apt-get install`. */
export function planPrerequisites(missing: readonly Prerequisite[], canInstall: boolean): PrerequisitePlan {
  if (missing.length === 0) return { action: 'none' };
  const packages = packagesOf(missing);
  if (canInstall) return { action: 'install', packages };
  return { action: 'stop', message: missingMessage(missing, packages, 'this user cannot install them') };
}

/** The one message that names every missing package, the programs they provide, and how to install them. */
export function missingMessage(
  missing: readonly Prerequisite[],
  packages: readonly string[],
  why: string,
): string {
  return (
    `npm test needs the Debian packages ${packages.join(', ')} (for ${missing.map((p) => p.program).join(', ')}), ` +
    `and ${why}. Install them as root (apt-get install -y ${packages.join(' ')}) and run npm test again.`
  );
}

/** Whether `program` (a path, or a name on `PATH`) is an executable file. */
export function isInstalled(program: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const candidates = program.includes('/')
    ? [program]
    : (env['PATH'] ?? '').split(delimiter).map((directory) => join(directory, program));
  return candidates.some((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return statSync(candidate).isFile();
    } catch {
      return false;
    }
  });
}

function main(): void {
  const needed = prerequisites();
  const missing = needed.filter((prerequisite) => !isInstalled(prerequisite.program));
  const canInstall = process.getuid?.() === 0 && isInstalled('apt-get');
  const plan = planPrerequisites(missing, canInstall);
  switch (plan.action) {
    case 'none':
      return;
    case 'stop':
      process.stderr.write(`${plan.message}\n`);
      process.exit(1);
      return;
    case 'install': {
      process.stderr.write(`pretest: installing ${plan.packages.join(', ')} (apt-get)\n`);
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      const updated = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
      const installed =
        updated.status === 0 &&
        spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...plan.packages], {
          stdio: 'inherit',
          env,
        }).status === 0;
      const stillMissing = needed.filter((prerequisite) => !isInstalled(prerequisite.program));
      if (stillMissing.length === 0) return;
      process.stderr.write(
        `${missingMessage(
          stillMissing,
          packagesOf(stillMissing),
          installed
            ? 'they are still missing after apt-get installed them'
            : 'apt-get could not install them',
        )}\n`,
      );
      process.exit(1);
      return;
    }
    default:
      assertNever(plan, 'plan');
  }
}

function packagesOf(missing: readonly Prerequisite[]): string[] {
  return [...new Set(missing.map((prerequisite) => prerequisite.debianPackage))];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();

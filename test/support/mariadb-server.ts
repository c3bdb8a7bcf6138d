import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import mysql from 'mysql2/promise';

const MARIADBD = process.env.MARIADBD ?? '/usr/sbin/mariadbd';
const INSTALL_DB = process.env.MARIADB_INSTALL_DB ?? 'mariadb-install-db';
const TEMPLATE_VERSION = 'v2';

/** Where the initialised data directory that every throwaway server copies lives. */
export function templateDirectory(): string {
  return join(tmpdir(), `cellgate-mariadb-template-${TEMPLATE_VERSION}`);
}

/**
 * Options of every throwaway server. The buffer pool and the table definition cache hold the tables and indexes of
 * 41 cells as databases of one server (the benchmark's largest topology): with 24 MB and the default 400
 * definitions, a page of 100 over 41 cells took 81–98 ms instead of 13–16 ms, the server reading its own pages
 * again. Linux gives the pool its memory as pages are first used, so small tests pay little for it.
 */
const SERVER_OPTIONS = [
  '--no-defaults',
  '--user=root',
  '--bind-address=127.0.0.1',
  '--skip-name-resolve',
  '--skip-log-bin',
  '--skip-performance-schema',
  '--innodb-buffer-pool-size=256M',
  '--table-definition-cache=4000',
  '--innodb-log-file-size=8M',
  '--max-connections=300',
  '--character-set-server=utf8mb4',
  '--collation-server=utf8mb4_bin',
];

/**
 * Initialises the template data directory once (about a second), safe to call from parallel processes.
 *
 * Called by vitest's global setup; servers copy it instead of running `mariadb-install-db` each time.
 */
export function ensureTemplate(): string {
  const target = templateDirectory();
  if (existsSync(join(target, 'READY'))) return target;
  const staging = mkdtempSync(join(tmpdir(), 'cellgate-mariadb-staging-'));
  const result = spawnSync(
    INSTALL_DB,
    [
      '--no-defaults',
      `--datadir=${staging}`,
      '--user=root',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      '--innodb-log-file-size=8M',
    ],
    { encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new Error(`mariadb-install-db failed: ${result.stderr || result.stdout}`);
  }
  writeFileSync(join(staging, 'READY'), 'ok');
  try {
    renameSync(staging, target);
  } catch {
    // Another process won the race; its template is as good as ours.
    rmSync(staging, { recursive: true, force: true });
  }
  return target;
}

/** A MariaDB server process of one test, which the test can kill, freeze, thaw and restart. */
export interface MariaDbServer {
  readonly port: number;
  /** `mysql://root@127.0.0.1:<port>` (no database). */
  readonly url: string;
  /** `mysql://root@127.0.0.1:<port>/<database>`. */
  urlOf(database: string): string;
  /** SIGKILL: the process dies at once; connections are refused until `restart`. */
  kill(): Promise<void>;
  /**
   * SIGSTOP: the process freezes; the kernel still accepts connections, nothing answers. Returns once every thread
   * of the server is stopped: `kill` returns before that, and on a loaded machine a running thread was seen to
   * answer a query sent right after it.
   */
  freeze(): void;
  /** SIGCONT after `freeze`. */
  thaw(): void;
  /** Starts the process again on the same port and data directory (after `kill`), and waits until it answers. */
  restart(): Promise<void>;
  /** Kills the process and removes its data directory. */
  stop(): Promise<void>;
  /** The server's `Threads_connected` (connections open to it right now, including the one asking). */
  threadsConnected(): Promise<number>;
}

/** Starts a throwaway MariaDB server on a free port, from a copy of the template, and waits until it answers. */
export async function startMariaDb(): Promise<MariaDbServer> {
  const template = ensureTemplate();
  const dataDir = mkdtempSync(join(tmpdir(), 'cellgate-mariadb-'));
  cpSync(template, dataDir, { recursive: true });
  let port = await freePort();
  let child: ChildProcess | undefined;
  let isFrozen = false;

  const launch = async () => {
    const process_ = spawn(
      MARIADBD,
      [
        ...SERVER_OPTIONS,
        `--datadir=${dataDir}`,
        `--port=${port}`,
        `--socket=${join(dataDir, 'mysqld.sock')}`,
        `--pid-file=${join(dataDir, 'mysqld.pid')}`,
        `--log-error=${join(dataDir, 'error.log')}`,
        `--tmpdir=${dataDir}`,
      ],
      { stdio: 'ignore' },
    );
    child = process_;
    await waitUntilAnswering(port, process_, dataDir);
  };

  const killNow = async () => {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    if (isFrozen) current.kill('SIGCONT');
    isFrozen = false;
    current.kill('SIGKILL');
    await exited;
  };

  // The port was free when picked, but another test's server may take it before ours binds it: then ours exits
  // and the other one answers. Pick another port then.
  for (let attempt = 1; ; attempt++) {
    try {
      await launch();
      break;
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === 5) throw error;
      await killNow();
      port = await freePort();
    }
  }
  const url = `mysql://root@127.0.0.1:${port}`;
  return {
    port,
    url,
    urlOf: (database) => `${url}/${database}`,
    kill: killNow,
    freeze() {
      if (!child) return;
      child.kill('SIGSTOP');
      isFrozen = true;
      waitUntilStopped(child.pid);
    },
    thaw() {
      child?.kill('SIGCONT');
      isFrozen = false;
    },
    async restart() {
      await killNow();
      await launch();
    },
    async stop() {
      await killNow();
      rmSync(dataDir, { recursive: true, force: true });
    },
    async threadsConnected() {
      const connection = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root' });
      try {
        const [rows] = await connection.query("SHOW GLOBAL STATUS LIKE 'Threads_connected'");
        return Number((rows as { Value: string }[])[0]?.Value);
      } finally {
        await connection.end();
      }
    },
  };
}

/** Thrown when the server answering on a port is another one than the process started for it. */
class PortTakenError extends Error {}

/** Waits until the server on `port` answers, and checks that it is `child` (the one with `dataDir`). */
async function waitUntilAnswering(port: number, child: ChildProcess, dataDir: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`mariadbd on port ${port} exited with ${child.exitCode}`);
    let connection: mysql.Connection | undefined;
    try {
      connection = await mysql.createConnection({
        host: '127.0.0.1',
        port,
        user: 'root',
        connectTimeout: 1_000,
      });
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    try {
      const [rows] = await connection.query('SELECT @@datadir AS datadir');
      const answering = String((rows as { datadir: string }[])[0]?.datadir).replace(/\/+$/, '');
      if (answering !== dataDir.replace(/\/+$/, '')) {
        throw new PortTakenError(`Port ${port} is served by another MariaDB server (${answering}).`);
      }
      return;
    } finally {
      await connection.end();
    }
  }
  throw new Error(`mariadbd on port ${port} did not answer within 30 s: ${String(lastError)}`);
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Waits, synchronously and for at most 2 s, until every thread of process `pid` is stopped (state `T` or `t` in
 * `/proc/<pid>/task/<tid>/stat`). Linux only; elsewhere it returns at once.
 */
function waitUntilStopped(pid: number | undefined): void {
  if (pid === undefined || !existsSync(`/proc/${pid}/task`)) return;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + 2_000;
  while (Date.now() < deadline) {
    const states = readdirSync(`/proc/${pid}/task`).map((tid) => {
      try {
        // The state follows the parenthesised command name, which may itself hold spaces.
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      } catch {
        return 'T'; // the thread ended
      }
    });
    if (states.every((state) => state === 'T' || state === 't')) return;
    Atomics.wait(pause, 0, 0, 2);
  }
}

import type { Config } from '../config/config.js';
import { openDatabase } from '../database/open-database.js';
import { probeDatabase, type DatabaseProbe } from '../database/probe-database.js';
import { urlWithoutPassword } from '../database/url-without-password.js';
import type { ApiDatabase } from '../registry/api-database.js';
import type { CellMapping } from '../registry/cell-mapping.js';
import { listCellMappings } from '../registry/cell-mapping.repository.js';
import { assertNever } from '../util/assert-never.js';

/**
 * The databases a command needs before it starts. `'server'`: the command creates the database, so only its
 * server must answer; `'database'`: the database must exist.
 */
export interface DatabaseNeeds {
  /** The API database (`API_DATABASE_URL`, or `cellgate_api` on `DATABASE_URL`'s server). */
  readonly api?: 'server' | 'database';
  /** The server of `DATABASE_URL` itself (`start` creates the demo cells there). Default `false`. */
  readonly shouldReachDatabaseServer?: boolean;
  /** Every registered cell's database. Default: none. */
  readonly cells?: 'server' | 'database';
  /** A database URL given as a command-line option, e.g. `--database-url` of `cell create`. */
  readonly option?: { readonly name: string; readonly url: string; readonly need: 'server' | 'database' };
}

/** Thrown when a database a command needs does not answer; its message names what points at each one. */
export class UnreachableDatabaseError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'UnreachableDatabaseError';
  }
}

/**
 * Checks, before a command does anything, that every database it needs answers (one connection each, in
 * parallel), so that a wrong or unreachable URL stops it at once with a message naming the variable, the cell or
 * the option that points at the database (URLs shown without their password), rather than with the driver's bare
 * `connect ECONNREFUSED` halfway through.
 *
 * Rejects with an `UnreachableDatabaseError` that lists every database found out of reach.
 */
export async function requireDatabases(config: Config, needs: DatabaseNeeds): Promise<void> {
  const apiVariable = config.apiDatabaseUrlVariable;
  const apiSetting =
    apiVariable === 'API_DATABASE_URL'
      ? `API_DATABASE_URL (${urlWithoutPassword(config.apiDatabaseUrl)})`
      : `the server of DATABASE_URL (${urlWithoutPassword(config.databaseUrl)})`;
  const checks: Check[] = [];
  if (needs.api) {
    checks.push({
      probe: probeDatabase(config.apiDatabaseUrl, { shouldDatabaseExist: needs.api === 'database' }),
      unreachable: `The API database cannot be reached at ${apiSetting}`,
      missing: (database) =>
        `The API database ${database} does not exist on ${apiSetting}: run \`cellgate db migrate\` first.`,
    });
  }
  if (needs.shouldReachDatabaseServer && (apiVariable === 'API_DATABASE_URL' || !needs.api)) {
    checks.push({
      probe: probeDatabase(config.databaseUrl, { shouldDatabaseExist: false }),
      unreachable: `The database server of DATABASE_URL (${urlWithoutPassword(config.databaseUrl)}) cannot be reached`,
      missing: () => undefined,
    });
  }
  if (needs.option) {
    const { name, url, need } = needs.option;
    checks.push({
      probe: probeDatabase(url, { shouldDatabaseExist: need === 'database' }),
      unreachable: `The database of ${name} (${urlWithoutPassword(url)}) cannot be reached`,
      missing: (database) =>
        `The database ${database} of ${name} (${urlWithoutPassword(url)}) does not exist.`,
    });
  }
  await report(checks);
  if (needs.cells === undefined) return;
  const cells = await registeredCells(config, needs.api ?? 'database');
  await report(
    cells.map((cell) => ({
      probe: probeDatabase(cell.databaseUrl, { shouldDatabaseExist: needs.cells === 'database' }),
      unreachable: `Cell ${cell.name} cannot be reached at ${urlWithoutPassword(cell.databaseUrl)} (its database URL, registered by \`cellgate cell create\`)`,
      missing: (database) =>
        `The database ${database} of cell ${cell.name} does not exist at ${urlWithoutPassword(cell.databaseUrl)}: run \`cellgate db migrate\`.`,
    })),
  );
}

/** One database to probe, and what to say when it fails. */
interface Check {
  readonly probe: Promise<DatabaseProbe>;
  readonly unreachable: string;
  /** The message for a missing database, or `undefined` when a missing database is fine. */
  readonly missing: (database: string) => string | undefined;
}

async function report(checks: readonly Check[]): Promise<void> {
  const problems: string[] = [];
  for (const check of checks) {
    const probe = await check.probe;
    switch (probe.status) {
      case 'ok':
        break;
      case 'unreachable':
        problems.push(`${check.unreachable}: ${describe(probe.error)}`);
        break;
      case 'no-database': {
        const problem = check.missing(probe.database);
        if (problem) problems.push(problem);
        break;
      }
      default:
        assertNever(probe);
    }
  }
  if (problems.length > 0) throw new UnreachableDatabaseError(problems);
}

/** The registered cells; none yet when the command is about to create the API database. */
async function registeredCells(config: Config, need: 'server' | 'database'): Promise<CellMapping[]> {
  const { db } = openDatabase<ApiDatabase>({ url: config.apiDatabaseUrl, label: 'api' });
  try {
    return await listCellMappings(db);
  } catch (error) {
    // Before the first `db migrate` there is no API database (or no table of cells) yet: no cells either.
    const code = (error as { code?: unknown }).code;
    if (need === 'server' && (code === 'ER_BAD_DB_ERROR' || code === 'ER_NO_SUCH_TABLE')) return [];
    throw error;
  } finally {
    await db.destroy();
  }
}

/** The driver's reason; Node's connect errors to a name with several addresses have an empty message. */
function describe(error: Error): string {
  if (error.message) return error.message;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error.name;
}

import type { ConnectionOptions } from 'mysql2';

/**
 * mysql2 connection options from a `mysql://user:password@host:port/database` URL: UTC dates, binary collation,
 * big numbers as numbers where safe, no multiple statements, and a bounded connect (`connectTimeoutMs`).
 */
export function connectionOptionsFromUrl(url: string, connectTimeoutMs: number): ConnectionOptions {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username || 'root'),
    password: decodeURIComponent(parsed.password),
    ...(database ? { database } : {}),
    timezone: 'Z',
    connectTimeout: connectTimeoutMs,
    supportBigNumbers: true,
    bigNumberStrings: false,
    multipleStatements: false,
    charset: 'utf8mb4_bin',
  };
}

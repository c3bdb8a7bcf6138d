import mysql from 'mysql2/promise';

import { connectionOptionsFromUrl } from './connection-url.js';

/**
 * Creates the database named in `url` (utf8mb4, binary collation) on its server if it does not exist.
 *
 * Rejects when the server cannot be reached within `connectTimeoutMs`.
 */
export async function createDatabaseIfAbsent(url: string, connectTimeoutMs = 5_000): Promise<void> {
  const options = connectionOptionsFromUrl(url, connectTimeoutMs);
  const name = options.database;
  if (!name) throw new Error('The database URL names no database.');
  const { database: _database, ...serverOptions } = options;
  const connection = await mysql.createConnection(serverOptions);
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS ${mysql.escapeId(name)} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`,
    );
  } finally {
    await connection.end();
  }
}

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCHEMA_DIRECTORY = join(dirname(fileURLToPath(import.meta.url)), '../../schema');

/** The SDL of the public schema, read from `schema/*.graphql` (schema-first). */
export function loadTypeDefs(): string {
  return readdirSync(SCHEMA_DIRECTORY)
    .filter((name) => name.endsWith('.graphql'))
    .sort()
    .map((name) => readFileSync(join(SCHEMA_DIRECTORY, name), 'utf8'))
    .join('\n');
}

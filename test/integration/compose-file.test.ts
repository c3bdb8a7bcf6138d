import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface ComposeService {
  readonly image?: string;
  readonly build?: unknown;
  readonly entrypoint?: string[] | string;
  readonly command?: string[] | string;
  readonly ports?: (string | { readonly target: number; readonly published: number | string })[];
  readonly depends_on?: Record<string, { readonly condition: string }> | string[];
  readonly environment?: Record<string, string>;
}

const ROOT = join(import.meta.dirname, '../..');
const SECRET = 'compose-test-secret-0123456789';

/** `docker-compose -f docker-compose.yml config`: validates and normalises the file offline (no Docker engine). */
function composeConfig(env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
  });
  if (result.error) {
    throw new Error(
      `docker-compose is not installed or cannot run (apt-get install docker-compose): ${result.error.message}`,
    );
  }
  return result;
}

/** The environment without anything that would change which file compose reads or how it interpolates it. */
function cleanEnvironment(overrides: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (
      !name.startsWith('COMPOSE_') &&
      !['AUTH_JWT_SECRET', 'AUTH_JWKS_URL', 'CELL_TIMEOUT_MS'].includes(name)
    )
      env[name] = value;
  }
  return { ...env, ...overrides };
}

function servicesOf(stdout: string): Record<string, ComposeService> {
  return (parse(stdout) as { services: Record<string, ComposeService> }).services;
}

describe('docker-compose.yml', () => {
  let cached: Record<string, ComposeService> | undefined;
  const services = (): Record<string, ComposeService> => {
    if (cached) return cached;
    const result = composeConfig(cleanEnvironment({ AUTH_JWT_SECRET: SECRET }));
    if (result.status !== 0) throw new Error(`docker-compose config failed:\n${result.stderr}`);
    cached = servicesOf(result.stdout);
    return cached;
  };

  it('is valid for docker-compose', () => {
    const result = composeConfig(cleanEnvironment({ AUTH_JWT_SECRET: SECRET }));
    expect(result.stderr.trim()).toBe('');
    expect(result.status).toBe(0);
  });

  it('runs an API database and four cell databases (cell0 and three cells), each with a healthcheck', () => {
    const databases = Object.entries(services()).filter(([, service]) =>
      service.image?.startsWith('mariadb:'),
    );
    expect(databases.map(([name]) => name).sort()).toEqual([
      'api-db',
      'cell0-db',
      'cell1-db',
      'cell2-db',
      'cell3-db',
    ]);
    for (const [, database] of databases) expect(database).toHaveProperty('healthcheck');
    expect(services()['api-db']?.environment?.['MARIADB_DATABASE']).toBe('cellgate_api');
  });

  it('publishes the gateway on port 4000, after the init step', () => {
    const { gateway } = services();
    expect(gateway?.command).toEqual(['serve']);
    expect(gateway?.ports).toHaveLength(1);
    const port = gateway?.ports?.[0];
    if (typeof port === 'string') expect(port).toMatch(/^(.*:)?4000:4000(\/tcp)?$/);
    else expect([Number(port?.published), Number(port?.target)]).toEqual([4000, 4000]);
    expect(gateway?.depends_on).toEqual({ init: { condition: 'service_completed_successfully' } });
  });

  it('runs the workers after the init step', () => {
    const { workers } = services();
    expect(workers?.command).toEqual(['worker']);
    expect(workers?.depends_on).toEqual({ init: { condition: 'service_completed_successfully' } });
  });

  it('has an init step that waits for every database, migrates, registers cell0..cell3 and seeds', () => {
    const { init } = services();
    expect(init).toBeDefined();
    expect(init?.depends_on).toEqual(
      Object.fromEntries(
        ['api-db', 'cell0-db', 'cell1-db', 'cell2-db', 'cell3-db'].map((name) => [
          name,
          { condition: 'service_healthy' },
        ]),
      ),
    );
    const script = JSON.stringify([init?.entrypoint, init?.command]);
    for (const step of ['db migrate', 'cell list', 'cell create', '--availability-zone', 'demo seed'])
      expect(script).toContain(step);
    for (const cell of ['cell0', 'cell1', 'cell2', 'cell3']) expect(script).toContain(cell);
  });

  it('builds one image for init, the gateway and the workers, with the same environment', () => {
    const { init, gateway, workers } = services();
    for (const service of [init, gateway, workers]) {
      expect(service?.build).toBeDefined();
      expect(service?.image).toBe(gateway?.image);
      expect(service?.environment).toEqual(gateway?.environment);
    }
    expect(gateway?.environment?.['API_DATABASE_URL']).toBe('mysql://root:cellgate@api-db:3306/cellgate_api');
    expect(gateway?.environment?.['AUTH_JWT_SECRET']).toBe(SECRET);
  });

  it('makes the gateway listen on every interface of its container (HOST), so the published port reaches it', () => {
    expect(services().gateway?.environment?.['HOST']).toBe('0.0.0.0');
  });

  it('builds no secret in: without AUTH_JWT_SECRET the variable is empty and the gateway generates one', () => {
    const result = composeConfig(cleanEnvironment({}));
    expect(result.status).toBe(0);
    const { gateway, workers, init } = servicesOf(result.stdout);
    for (const service of [gateway, workers, init]) {
      expect(service?.environment?.['AUTH_JWT_SECRET'] ?? '').toBe('');
      expect(service?.environment?.['AUTH_JWKS_URL'] ?? '').toBe('');
    }
  });

  it('passes an identity provider through (AUTH_JWKS_URL)', () => {
    const url = 'https://idp.example.org/realms/cloud/protocol/openid-connect/certs';
    const result = composeConfig(cleanEnvironment({ AUTH_JWKS_URL: url }));
    expect(result.status).toBe(0);
    expect(servicesOf(result.stdout).gateway?.environment?.['AUTH_JWKS_URL']).toBe(url);
  });
});

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface ComposeService {
  readonly image?: string;
  readonly build?: unknown;
  readonly command?: string[] | string;
  readonly ports?: (string | { target: number; published: number | string })[];
  readonly depends_on?: Record<string, { condition: string }> | string[];
  readonly environment?: Record<string, string>;
}

/** `docker-compose.yml`, validated by docker-compose itself (no Docker engine runs here, so nothing is started). */
describe('docker-compose.yml', () => {
  const root = join(import.meta.dirname, '../..');
  const result = spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, AUTH_JWT_SECRET: 'compose-test-secret-0123456789' },
  });

  it('is valid for docker-compose', () => {
    if (result.error)
      throw new Error(
        `docker-compose is not installed (apt-get install docker-compose): ${result.error.message}`,
      );
    expect(result.stderr.replace(/^.*(Found orphan|WARNING).*$/gm, '').trim()).toBe('');
    expect(result.status).toBe(0);
  });

  const services = () => (parse(result.stdout) as { services: Record<string, ComposeService> }).services;

  it('runs an API database and four cell databases (cell0 and three cells)', () => {
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
  });

  it('runs the gateway on port 4000 and the workers, both after the init step that migrates, registers and seeds', () => {
    const { gateway, workers, init } = services();
    expect(gateway?.command).toEqual(['serve']);
    expect(JSON.stringify(gateway?.ports)).toMatch(/4000/);
    expect(workers?.command).toEqual(['worker']);
    for (const service of [gateway, workers]) {
      expect(service?.depends_on).toEqual({ init: { condition: 'service_completed_successfully' } });
    }
    const script = JSON.stringify(init?.command);
    for (const step of ['db migrate', 'cell create', 'demo seed', 'cell0', 'cell3'])
      expect(script).toContain(step);
    expect(Object.keys(init?.depends_on ?? {}).sort()).toEqual([
      'api-db',
      'cell0-db',
      'cell1-db',
      'cell2-db',
      'cell3-db',
    ]);
  });

  it('gives the gateway and the workers the same API database and JWT secret', () => {
    const { gateway, workers } = services();
    expect(gateway?.environment?.['API_DATABASE_URL']).toBe('mysql://root:cellgate@api-db:3306/cellgate_api');
    expect(workers?.environment).toEqual(gateway?.environment);
    expect(gateway?.environment?.['AUTH_JWT_SECRET']).toBe('compose-test-secret-0123456789');
  });
});

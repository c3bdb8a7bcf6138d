import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';

import { EVENTS_CONTENT_SECURITY_POLICY, registerEventsPage } from '../../../src/server/events-page.js';

describe('registerEventsPage', () => {
  const directories: string[] = [];
  const servers: FastifyInstance[] = [];
  const serve = async (files: Record<string, string>) => {
    const directory = mkdtempSync(join(tmpdir(), 'cellgate-events-'));
    directories.push(directory);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(directory, path, '..'), { recursive: true });
      writeFileSync(join(directory, path), text);
    }
    const fastify = Fastify();
    servers.push(fastify);
    await registerEventsPage(fastify, directory);
    return fastify;
  };

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  it('answers the built page with a same-origin-only Content-Security-Policy and no caching', async () => {
    const fastify = await serve({ 'index.html': '<!doctype html><title>built</title>' });
    for (const url of ['/events', '/events/', '/events?resourceType=SHARE']) {
      const response = await fastify.inject({ url });
      expect(response.statusCode).toBe(200);
      expect(response.body).toBe('<!doctype html><title>built</title>');
      expect(response.headers).toMatchObject({
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
        'content-security-policy': EVENTS_CONTENT_SECURITY_POLICY,
        'referrer-policy': 'no-referrer',
      });
    }
    expect(EVENTS_CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
  });

  it('answers the content-hashed assets, cached as immutable, and 404 for anything else', async () => {
    const fastify = await serve({ 'index.html': '', 'assets/index-abc123.js': 'console.log(1);' });
    const asset = await fastify.inject({ url: '/events/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.body).toBe('console.log(1);');
    expect(asset.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await fastify.inject({ url: '/events/assets/missing.js' })).statusCode).toBe(404);
    expect((await fastify.inject({ url: '/events/assets/../index.html' })).statusCode).toBe(404);
  });

  it('says which command builds the page when it is not built', async () => {
    const fastify = await serve({});
    const response = await fastify.inject({ url: '/events' });
    expect(response.statusCode).toBe(503);
    expect(response.body).toBe(
      'The Event Viewer is not built: run `npm run build:web` (`npm ci` runs it).\n',
    );
  });
});

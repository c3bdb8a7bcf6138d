import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Where `npm run build:web` (run by `npm ci`) puts the Event Viewer: `web/events/dist/`; `npm run build` copies it
 * to `dist/web/events/dist/`, the same path relative to the compiled code.
 */
export const EVENTS_DIRECTORY = join(dirname(fileURLToPath(import.meta.url)), '../../web/events/dist');

/**
 * The page may load its own script and styles and talk to this gateway, nothing else: no CDN, no request that
 * leaves the host, no inline script, not framed by another site.
 */
export const EVENTS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Registers the Event Viewer (CONTRACT section 7): `GET /events` answers the built page and
 * `/events/assets/*` its content-hashed script and styles (cached for a year). The page itself calls only
 * `POST /graphql`.
 *
 * Not built yet: `GET /events` is a 503 that says which command builds it; the rest of the gateway is unaffected.
 */
export async function registerEventsPage(
  fastify: FastifyInstance,
  directory = EVENTS_DIRECTORY,
): Promise<void> {
  const sendPage = async (_request: unknown, reply: FastifyReply) => {
    let html: string;
    try {
      html = await readFile(join(directory, 'index.html'), 'utf8');
    } catch {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The Event Viewer is not built: run `npm run build:web` (`npm ci` runs it).\n');
    }
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('content-security-policy', EVENTS_CONTENT_SECURITY_POLICY)
      .header('referrer-policy', 'no-referrer')
      .header('x-content-type-options', 'nosniff')
      .send(html);
  };
  fastify.get('/events', sendPage);
  fastify.get('/events/', sendPage);
  await fastify.register(fastifyStatic, {
    root: join(directory, 'assets'),
    prefix: '/events/assets/',
    decorateReply: false,
    index: false,
    immutable: true,
    maxAge: '365d',
  });
}

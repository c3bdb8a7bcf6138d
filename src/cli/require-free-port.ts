import { createServer } from 'node:net';

import type { Config } from '../config/config.js';

/** Thrown when the gateway's port cannot be listened on; its message names `PORT` (and `HOST`). */
export class PortUnavailableError extends Error {
  constructor(config: Pick<Config, 'port' | 'host'>, cause: unknown) {
    const code = (cause as { code?: unknown }).code;
    super(
      code === 'EADDRINUSE'
        ? `PORT ${config.port} is already in use on ${config.host} (HOST): stop what listens there or set PORT to a free port.`
        : `PORT ${config.port} cannot be listened on at ${config.host} (HOST): ${(cause as Error).message}`,
      { cause },
    );
    this.name = 'PortUnavailableError';
  }
}

/**
 * Checks that the gateway can listen on `PORT` at `HOST` by listening there for a moment, so that `start` finds
 * a port in use before it migrates and seeds rather than after. `PORT=0` (any free port) always passes.
 *
 * Rejects with a `PortUnavailableError`. Another process may still take the port between this check and the
 * gateway's own listen; that listen then fails with the same error.
 */
export async function requireFreePort(config: Pick<Config, 'port' | 'host'>): Promise<void> {
  if (config.port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', (error) => reject(new PortUnavailableError(config, error)));
    probe.listen({ port: config.port, host: config.host, exclusive: true }, () => {
      probe.close(() => resolve());
    });
  });
}

import { createApp, startWorkers, type App } from '../app.js';
import type { Config } from '../config/config.js';

/**
 * Runs the gateway (and, for `npm start`, the workers of every cell in-process) until SIGTERM or SIGINT, then
 * drains and exits (`cellgate serve`).
 */
export async function serveCommand(
  config: Config,
  options: { readonly withWorkers?: boolean } = {},
): Promise<App> {
  const app = await createApp(config);
  const workers = options.withWorkers
    ? await startWorkers({ config, api: app.services.api, logger: app.services.logger })
    : undefined;
  const address = await app.listen();
  app.services.logger.info({ event: 'gateway.listening', address }, `cellgate listening on ${address}`);
  stopOnSignal(async () => {
    // The workers first: they use the API database (mapping deletes, repairs) that `app.close()` closes. The
    // gateway keeps answering meanwhile; the task in hand finishes, and queued tasks wait in their cells.
    await workers?.stop();
    await app.close();
  });
  return app;
}

/** Calls `stop` once on SIGTERM or SIGINT, then exits. */
export function stopOnSignal(stop: () => Promise<void>): void {
  let isStopping = false;
  const handler = (signal: NodeJS.Signals) => {
    if (isStopping) return;
    isStopping = true;
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`Stopping after ${signal} failed:`, error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', handler);
  process.once('SIGINT', handler);
}

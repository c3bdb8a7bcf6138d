import { createApp, type App } from '../app.js';
import type { Config } from '../config/config.js';

/** Runs the gateway until SIGTERM or SIGINT, then drains and exits (`cellgate serve`). */
export async function serveCommand(config: Config, options: { readonly withWorkers?: boolean } = {}): Promise<App> {
  void options.withWorkers; // TODO(#5): run the cell workers in-process.
  const app = await createApp(config);
  const address = await app.listen();
  app.services.logger.info({ event: 'gateway.listening', address }, `cellgate listening on ${address}`);
  stopOnSignal(async () => app.close());
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

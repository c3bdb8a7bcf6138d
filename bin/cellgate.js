#!/usr/bin/env -S node --max-semi-space-size=64
// The `cellgate` command: runs the compiled code in dist/ (`npm run build`, which `npm ci` and `npm start` run).
import { existsSync } from 'node:fs';

// graphql-js picks its fast `instanceof` checks at load time only in production mode (its development checks cost
// ~4% of a large list); set it before anything imports graphql, unless the caller chose otherwise.
process.env.NODE_ENV ??= 'production';
const main = new URL('../dist/src/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('cellgate: dist/ has not been built: run `npm run build` (npm ci does it).\n');
  process.exit(1);
}
await import(main.href);

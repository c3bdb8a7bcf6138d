#!/usr/bin/env node
// `npm run bench`: runs bench/bench.ts through tsx, in production mode like `cellgate serve`, on the gateway's
// build in dist/ (`npm run build`, which `npm run bench` runs first): bench/dist-hooks.mjs sends every import of
// src/ and cells/ there. `BENCH_CODE=sources` measures the sources through tsx instead.
import { register as registerHooks } from 'node:module';

import { register } from 'tsx/esm/api';

process.env.NODE_ENV ??= 'production';
const code = process.env.BENCH_CODE ?? 'dist';
if (code !== 'dist' && code !== 'sources') {
  process.stderr.write(`BENCH_CODE must be dist or sources, got ${JSON.stringify(code)}.\n`);
  process.exit(2);
}
register();
if (code === 'dist') registerHooks('../bench/dist-hooks.mjs', import.meta.url);
await import('../bench/bench.ts');

#!/usr/bin/env node
// `npm run bench`: runs bench/bench.ts through tsx, in production mode like `cellgate serve`.
import { register } from 'tsx/esm/api';

process.env.NODE_ENV ??= 'production';
register();
await import('../bench/bench.ts');

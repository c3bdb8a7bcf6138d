#!/usr/bin/env node
// The `cellgate` command. The sources are TypeScript; tsx compiles them on load (esbuild, cached).
import { register } from 'tsx/esm/api';

// graphql-js picks its fast `instanceof` checks at load time only in production mode (its development checks cost
// ~4% of a large list); set it before anything imports graphql, unless the caller chose otherwise.
process.env.NODE_ENV ??= 'production';
register();
await import('../src/main.ts');

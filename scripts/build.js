#!/usr/bin/env node
// `npm run build`: compiles the TypeScript of src/ and cells/ to JavaScript in dist/ (one file per source file,
// paths kept), and copies the SDL of schema/ to dist/schema, so that dist/ holds everything the `cellgate`
// command reads at run time (GraphiQL's assets come from node_modules).
//
// esbuild only transpiles (type checking is `npm run typecheck`), as tsx did when the CLI ran the sources: the
// whole build takes a fraction of a second, so `npm ci` (prepare), `npm start` (prestart) and the test global
// setup run it every time and never run stale code. It replaces only what it owns (dist/src, dist/cells,
// dist/schema), so later steps of `npm run build` may write elsewhere in dist/.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');

for (const owned of ['src', 'cells', 'schema']) rmSync(join(DIST, owned), { recursive: true, force: true });

await build({
  absWorkingDir: ROOT,
  entryPoints: ['src/**/*.ts', 'cells/**/*.ts'],
  outbase: '.',
  outdir: 'dist',
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
});

mkdirSync(join(DIST, 'schema'), { recursive: true });
for (const name of readdirSync(join(ROOT, 'schema'))) {
  if (name.endsWith('.graphql')) copyFileSync(join(ROOT, 'schema', name), join(DIST, 'schema', name));
}

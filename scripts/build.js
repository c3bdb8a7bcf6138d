#!/usr/bin/env node
// `npm run build` (after `npm run build:web`, the Event Viewer's Vite build into web/events/dist): compiles the
// TypeScript of src/ and cells/ to JavaScript in dist/ (one file per source file, paths kept), and copies the SDL
// of schema/ to dist/schema and the built Event Viewer to dist/web/events/dist, so that dist/ holds everything the
// `cellgate` command reads at run time, at the same paths relative to the code as in the sources (GraphiQL's
// assets come from node_modules).
//
// esbuild only transpiles (type checking is `npm run typecheck`), as tsx did when the CLI ran the sources: this
// step takes a fraction of a second (the page's Vite build a few), so `npm ci` (prepare), `npm start` (prestart)
// and the test global setup run the whole build every time and never run stale code. It replaces only what it owns (dist/src, dist/cells,
// dist/schema, dist/web).
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { build } from 'esbuild';

const ROOT = join(import.meta.dirname, '..');
const DIST = join(ROOT, 'dist');

for (const owned of ['src', 'cells', 'schema', 'web'])
  rmSync(join(DIST, owned), { recursive: true, force: true });

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

const EVENTS = join(ROOT, 'web', 'events', 'dist');
if (existsSync(EVENTS)) cpSync(EVENTS, join(DIST, 'web', 'events', 'dist'), { recursive: true });

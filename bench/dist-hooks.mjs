// Module hooks of `npm run bench` (registered by bin/bench.js after tsx): every import of the gateway's sources
// (src/ and cells/, whoever imports them: the bench, test/support, the plain endpoint) loads their build in dist/
// instead, the JavaScript `cellgate serve` runs, so the bench measures the deployed code and not tsx's
// transpilation of it (which keeps function names with a `__name` call on every closure created).
import { readFile } from 'node:fs/promises';

const ROOT = new URL('../', import.meta.url).href;
const BUILT = ['src/', 'cells/'];

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  const path = resolved.url.startsWith(ROOT) ? resolved.url.slice(ROOT.length) : undefined;
  if (path && resolved.url.endsWith('.ts') && BUILT.some((part) => path.startsWith(part))) {
    return { url: `${ROOT}dist/${path.replace(/\.ts$/, '.js')}`, format: 'module', shortCircuit: true };
  }
  return resolved;
}

export async function load(url, context, nextLoad) {
  if (url.startsWith(`${ROOT}dist/`)) {
    return { format: 'module', source: await readFile(new URL(url)), shortCircuit: true };
  }
  return nextLoad(url, context);
}

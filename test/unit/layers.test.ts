import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

import { describe, expect, it } from 'vitest';

/**
 * layers.json is the one place the layer order of src/ is written: ESLint builds its zones from it, and this test
 * checks that the real imports, docs/ARCHITECTURE.md and every folder README say the same.
 */
const ROOT = join(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');
const { layers } = JSON.parse(readFileSync(join(ROOT, 'layers.json'), 'utf8')) as {
  layers: { part: string; imports: string[] }[];
};
const PARTS = layers.map((layer) => layer.part);
const FOLDERS = PARTS.filter((part) => !part.endsWith('.ts'));

/** The part of src/ a path belongs to: its first folder, or the file itself at the top. */
function partOf(path: string): string | undefined {
  const inside = relative(SRC, path);
  if (inside.startsWith('..')) return undefined;
  // A top-level file is imported by its compiled name (`../app.js`).
  return inside.split(sep)[0]!.replace(/\.js$/, '.ts');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Part → the other parts of src/ its files import (static and dynamic imports, type imports included). */
function realImports(): Map<string, Set<string>> {
  const imports = new Map<string, Set<string>>();
  for (const file of sourceFiles(SRC)) {
    const from = partOf(file)!;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) {
      const to = partOf(resolve(dirname(file), match[1]!));
      if (to === undefined || to === from) continue;
      imports.set(from, (imports.get(from) ?? new Set()).add(to));
    }
  }
  return imports;
}

/** The folders named in backticks (`name/`) in `text`. */
function foldersNamed(text: string): string[] {
  return [...text.matchAll(/`([a-z-]+)\/`/g)].map((match) => match[1]!);
}

describe('layers.json', () => {
  it('lists every part of src/ once', () => {
    const onDisk = readdirSync(SRC).filter((name) => name !== 'generated');
    expect([...PARTS].sort()).toEqual([...new Set(onDisk)].sort());
  });

  it.each(layers)('lets $part import only parts below it', ({ part, imports }) => {
    const below = PARTS.slice(0, PARTS.indexOf(part));
    expect(imports.filter((other) => !below.includes(other))).toEqual([]);
  });

  it.each(layers)('lists exactly what $part imports', ({ part, imports }) => {
    // ESLint fails an import that is not listed; this fails a listed part that is no longer imported.
    expect([...(realImports().get(part) ?? [])].sort()).toEqual([...imports].sort());
  });
});

describe('the documents that show the layers', () => {
  it('lists the parts in docs/ARCHITECTURE.md in the order of layers.json', () => {
    const architecture = readFileSync(join(ROOT, 'docs/ARCHITECTURE.md'), 'utf8');
    const start = architecture.indexOf('## The parts');
    const table = architecture.slice(start, architecture.indexOf('\n## ', start + 1));
    const rows = [...table.matchAll(/^\| `src\/([a-z.-]+)\/?` /gm)].map((match) => match[1]);
    expect(rows).toEqual(PARTS);
  });

  it.each(FOLDERS)('says in src/%s/README.md what the folder imports', (folder) => {
    const lines = readFileSync(join(SRC, folder, 'README.md'), 'utf8').split('\n');
    // The prose before any table (errors/ has its catalogue below it): a heading and a few lines.
    const tableAt = lines.findIndex((line) => line.startsWith('|'));
    const readme = (tableAt === -1 ? lines : lines.slice(0, tableAt)).filter((line) => line.trim() !== '');
    expect(readme.length, 'a README of 3 to 5 lines').toBeGreaterThanOrEqual(3);
    expect(readme.length, 'a README of 3 to 5 lines').toBeLessThanOrEqual(5);
    const line = readme.find((candidate) => candidate.startsWith('Imports: '));
    const { imports } = layers.find((layer) => layer.part === folder)!;
    const expected = imports.filter((part) => !part.endsWith('.ts'));
    expect(
      line,
      `a line "Imports: ${expected.map((part) => `\`${part}/\``).join(', ') || 'nothing'}."`,
    ).toBeDefined();
    expect(foldersNamed(line!).sort()).toEqual([...expected].sort());
  });
});

/**
 * `tsx bench/top-frames.ts file.cpuprofile… [count]`: the top frames of CPU profiles written by `BENCH_PROFILE`,
 * by self time and by inclusive time (a frame counted once per sample however deep it recurses), as percentages
 * of the samples. Reading a profile this way needs no browser, so a profile can be compared before and after.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

const args = process.argv.slice(2);
const count = /^\d+$/.test(args.at(-1) ?? '') ? Number(args.pop()) : 25;
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
for (const file of args) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const name = (node: ProfileNode) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url.replace(/^.*\/(node_modules\/)?/, (_m, nm: string | undefined) => (nm ? 'nm:' : ''));
    return `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
  };
  for (const id of profile.samples) {
    total++;
    const leaf = byId.get(id)!;
    self.set(name(leaf), (self.get(name(leaf)) ?? 0) + 1);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = name(byId.get(at)!);
      if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + 1);
      seen.add(key);
    }
  }
}
for (const [title, figures] of [
  ['self', self],
  ['inclusive', inclusive],
] as const) {
  console.log(`\n${title} (% of ${total} samples)`);
  for (const [key, n] of [...figures].sort((a, b) => b[1] - a[1]).slice(0, count))
    console.log(`${((100 * n) / total).toFixed(1).padStart(6)}  ${key}`);
}

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

import GithubSlugger from 'github-slugger';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const markdown = new MarkdownIt({ html: true, linkify: true });

/** The project's own documents: the README, `docs/`, and the folder READMEs of `src/` and `cells/`. */
function documents(): string[] {
  const files = ['README.md'];
  for (const folder of ['docs', 'src', 'cells']) {
    for (const entry of readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })) {
      if (entry.endsWith('.md') && !entry.split(sep).includes('node_modules'))
        files.push(join(folder, entry));
    }
  }
  return files.sort();
}

/**
 * What is wrong with the links of one Markdown document at `file` (relative to the repository): a link or image to
 * an address outside the repository (a URL, an absolute path, a relative path that leaves it), to a file that does
 * not exist, or to an anchor that no heading makes; and any mention of `../shared` (code spans included), which a
 * clone of the repository does not have.
 */
function linkProblems(file: string, text: string, fileExists: (path: string) => boolean): string[] {
  const problems: string[] = [];
  if (text.includes('../shared')) problems.push(`${file}: mentions ../shared`);
  const tokens = markdown.parse(text, {});
  const anchors = headingAnchors(tokens);
  const targets: string[] = [];
  for (const token of tokens) {
    for (const child of token.children ?? []) {
      if (child.type === 'link_open') targets.push(child.attrGet('href') ?? '');
      if (child.type === 'image') targets.push(child.attrGet('src') ?? '');
      if (child.type === 'html_inline') targets.push(...htmlTargets(child.content));
    }
    if (token.type === 'html_block') targets.push(...htmlTargets(token.content));
  }
  for (const target of targets) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) {
      problems.push(`${file}: links outside the repository: ${target}`);
      continue;
    }
    const [path = '', anchor] = target.split('#', 2);
    if (path === '') {
      if (anchor !== undefined && !anchors.has(anchor)) problems.push(`${file}: no heading for #${anchor}`);
      continue;
    }
    if (path.startsWith('/')) {
      problems.push(`${file}: absolute path ${target}`);
      continue;
    }
    const resolved = join(dirname(file), decodeURIComponent(path));
    if (resolved === '..' || resolved.startsWith(`..${sep}`)) {
      problems.push(`${file}: links outside the repository: ${target}`);
    } else if (!fileExists(resolved)) {
      problems.push(`${file}: links a missing file: ${target}`);
    }
  }
  return problems;
}

function headingAnchors(tokens: ReturnType<MarkdownIt['parse']>): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  tokens.forEach((token, index) => {
    if (token.type === 'heading_open') anchors.add(slugger.slug(tokens[index + 1]?.content ?? ''));
  });
  return anchors;
}

function htmlTargets(html: string): string[] {
  return [...html.matchAll(/\b(?:href|src)\s*=\s*["']([^"']*)["']/gi)].map((match) => match[1]!);
}

describe('documentation links', () => {
  const exists = (path: string) => existsSync(join(ROOT, path));

  it.each(documents())('%s links nothing outside the repository, and nothing missing', (file) => {
    expect(linkProblems(file, readFileSync(join(ROOT, file), 'utf8'), exists)).toEqual([]);
  });

  it('reports every kind of bad link', () => {
    const text = [
      '# Title',
      'See [style](../shared/STYLE.md), [web](https://example.org/x), [abs](/etc/passwd),',
      '[gone](docs/NOPE.md), [anchor](#nowhere), [fine](#title), [here](README.md) and <https://example.com>.',
      '<img src="http://example.net/a.png">',
    ].join('\n');
    expect(linkProblems('README.md', text, (path) => path === 'README.md')).toEqual([
      'README.md: mentions ../shared',
      'README.md: links outside the repository: ../shared/STYLE.md',
      'README.md: links outside the repository: https://example.org/x',
      'README.md: absolute path /etc/passwd',
      'README.md: links a missing file: docs/NOPE.md',
      'README.md: no heading for #nowhere',
      'README.md: links outside the repository: https://example.com',
      'README.md: links outside the repository: http://example.net/a.png',
    ]);
  });
});

import { existsSync } from 'node:fs';

import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTopology, type Topology } from '../support/topology.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** GraphiQL in a real browser, served by the gateway from local files, with no network beyond loopback. */
describe('GraphiQL in headless Chromium', () => {
  let topology: Topology;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium).`);
    topology = await startTopology({ cells: ['cell1'], serversPerCell: 3 });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await topology?.stop();
  });

  it('loads from the gateway alone, sends a query with the token from the URL, and shows its data', async () => {
    const page = await browser.newPage();
    const offLoopback: string[] = [];
    await page.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
      offLoopback.push(url.href);
      return route.abort();
    });
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));

    await page.goto(`${topology.baseUrl}/graphiql#token=${topology.tokens.demo}`);
    await page.locator('.graphiql-execute-button').click({ timeout: 30_000 });
    const result = page.locator('.result-window');
    await expect.poll(async () => result.innerText(), { timeout: 30_000 }).toContain('"servers"');
    const text = await result.innerText();
    expect(text).toContain('"status"');
    expect(text).toMatch(/"id": "[0-9a-f-]{36}"/);
    expect(text).not.toContain('UNAUTHENTICATED');
    expect(failures).toEqual([]);
    expect(offLoopback).toEqual([]);
    await page.close();
  });

  it('shows GraphiQL for a browser GET of /graphql and of /', async () => {
    for (const path of ['/graphql', '/']) {
      const page = await browser.newPage();
      await page.goto(`${topology.baseUrl}${path}`);
      await expect
        .poll(async () => page.locator('.graphiql-execute-button').count(), { timeout: 30_000 })
        .toBe(1);
      await page.close();
    }
  });

  it("follows a server's link to GraphiQL with the show query filled in, run with the kept token", async () => {
    const context = await browser.newContext();
    const setup = await context.newPage();
    await setup.goto(`${topology.baseUrl}/graphiql#token=${topology.tokens.demo}`);
    await setup.locator('.graphiql-execute-button').waitFor({ timeout: 30_000 });
    await setup.close();
    const listed = await topology.graphql<{
      servers: { nodes: { links: { href: string }[]; id: string }[] };
    }>('{ servers(first: 1) { nodes { id links { href } } } }', {}, topology.tokens.demo);
    const server = listed.body.data!.servers.nodes[0]!;
    const page = await context.newPage();
    await page.goto(server.links[0]!.href);
    expect(new URL(page.url()).pathname).toBe('/graphiql');
    await page.locator('.graphiql-execute-button').click({ timeout: 30_000 });
    const result = page.locator('.result-window');
    await expect.poll(async () => result.innerText(), { timeout: 30_000 }).toContain(server.id);
    expect(await result.innerText()).toContain('"server"');
    await context.close();
  });
});

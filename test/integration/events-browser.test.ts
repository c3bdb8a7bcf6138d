import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { EVENTS_DIRECTORY } from '../../src/server/events-page.js';
import { launchChromium, type RequestLog } from '../support/chromium.js';
import { openEventViewer, type EventViewer } from '../support/event-viewer.js';
import { startTopology, waitFor, type Topology } from '../support/topology.js';

/** The Event Viewer (`GET /events`, CONTRACT section 7) in headless Chromium, on real cells and the gateway. */

/** `UPDATE_SCREENSHOTS=1` (`npm run screenshots`) rewrites the screenshots of `docs/`. */
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(import.meta.dirname, '../../docs') : null;

const HEADERS = [
  'Project',
  'Event ID',
  'Resource',
  'Resource ID',
  'Request ID',
  'Level',
  'Created',
  'Message',
];

interface ApiMessage {
  readonly id: string;
  readonly projectId: string;
  readonly eventId: string;
  readonly resourceType: string;
  readonly resourceId: string | null;
  readonly requestId: string | null;
  readonly messageLevel: string;
  readonly createdAt: string;
  readonly userMessage: string;
}

interface ApiPage {
  readonly messages: {
    readonly nodes: ApiMessage[];
    readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
    readonly partial: boolean;
    readonly unreachableCells: string[] | null;
  };
}

const MESSAGES = `query ($filter: MessageFilter, $first: Int, $after: ID, $all: Boolean) {
  messages(filter: $filter, first: $first, after: $after, allProjects: $all) {
    nodes { id projectId eventId resourceType resourceId requestId messageLevel createdAt userMessage }
    pageInfo { hasNextPage endCursor }
    partial
    unreachableCells
  }
}`;

describe('the Event Viewer in headless Chromium', () => {
  let topology: Topology;
  let browser: Browser;
  const opened: EventViewer[] = [];

  /** The messages the API answers `token` (the page must show exactly these). */
  const apiMessages = async (token: string, variables: Record<string, unknown> = {}) => {
    const answer = await topology.graphql<ApiPage>(MESSAGES, { first: 1000, ...variables }, token);
    expect(answer.body.errors).toBeUndefined();
    return answer.body.data!.messages;
  };
  const open = async (token: string, options?: Parameters<typeof openEventViewer>[3]) => {
    const viewer = await openEventViewer(browser, topology.baseUrl, token, options);
    opened.push(viewer);
    return viewer;
  };
  const rowIds = async (viewer: EventViewer) => (await viewer.rows()).map((row) => row.id);

  beforeAll(async () => {
    if (!existsSync(join(EVENTS_DIRECTORY, 'index.html'))) {
      throw new Error(`The Event Viewer is not built in ${EVENTS_DIRECTORY}: run npm run build:web.`);
    }
    // 25 servers per project per cell: 5 ERROR servers with a message each, in each of the 2 cells (and cell0).
    topology = await startTopology({
      cells: ['cell1', 'cell2'],
      serversPerCell: 25,
      env: { CELL_TIMEOUT_MS: '1000' },
    });
    browser = await launchChromium();
    // The first reads open every cell's pool; on a loaded machine one of them may miss CELL_TIMEOUT_MS once (a CI
    // run saw a member's first list come back with one cell's messages missing). The tests expect complete answers.
    await waitFor(
      async () =>
        (await topology.graphql<ApiPage>(MESSAGES, { first: 1, all: true })).body.data?.messages.partial ===
        false,
      15_000,
      'a complete list of messages',
    );
  });

  afterAll(async () => {
    // Every page of every test: nothing left 127.0.0.1, the token never went into a URL, nothing threw.
    for (const viewer of opened) expectOnlyTheGateway(viewer.log, topology);
    await browser?.close();
    await topology?.stop();
  });

  it('shows a member exactly its own messages, newest first, under the contract column headers', async () => {
    const expected = await apiMessages(topology.tokens.demo, { first: 25 });
    const others = await apiMessages(topology.tokens.alt);
    expect(expected.nodes.length).toBe(10);
    const viewer = await open(topology.tokens.demo);
    const { page } = viewer;

    const headers = await page.$$eval('table.messages thead th', (cells) =>
      cells.map((cell) => cell.textContent ?? ''),
    );
    expect(headers).toEqual(['', ...HEADERS]);
    const rows = await viewer.rows();
    expect(rows.map((row) => row.id)).toEqual(expected.nodes.map((node) => node.id));
    expect(rows.map((row) => row.id)).not.toEqual(expect.arrayContaining([others.nodes[0]!.id]));
    expect(rows[0]).toEqual({
      id: expected.nodes[0]!.id,
      project: 'demo',
      eventId: expected.nodes[0]!.eventId,
      resource: 'Server',
      resourceId: expected.nodes[0]!.resourceId,
      requestId: expected.nodes[0]!.requestId,
      level: 'ERROR',
      created: new Intl.DateTimeFormat('en-US', {
        dateStyle: 'medium',
        timeStyle: 'medium',
        timeZone: 'UTC',
      }).format(new Date(expected.nodes[0]!.createdAt)),
      createdIso: expected.nodes[0]!.createdAt,
      message: expected.nodes[0]!.userMessage,
    });
    expect(new Set(rows.map((row) => row.project))).toEqual(new Set(['demo']));
    expect(await page.locator('.count').innerText()).toBe('10 messages.');
    // A member is told nothing about cells: no panel, and the role was learnt from the gateway.
    expect(await page.locator('.cells-panel').count()).toBe(0);
    expect(await page.locator('.who').innerText()).toBe('Signed in · your project');
    // The token left the address bar and lives in this tab's sessionStorage only.
    expect(page.url()).toBe(`${topology.baseUrl}/events`);
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([topology.tokens.demo]);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    // Readable at 1280 px: the table fits without scrolling sideways.
    expect(
      await page.$eval(
        '.messages-section .table-scroll',
        (element) => element.scrollWidth <= element.clientWidth,
      ),
    ).toBe(true);
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'event-viewer-member.png') });
  });

  it('shows dates in the locale and time zone of the browser, with the ISO value on hover', async () => {
    const [newest] = (await apiMessages(topology.tokens.demo, { first: 1 })).nodes;
    const viewer = await open(topology.tokens.demo, { locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    const [row] = await viewer.rows();
    const german = new Intl.DateTimeFormat('de-DE', {
      dateStyle: 'medium',
      timeStyle: 'medium',
      timeZone: 'Europe/Berlin',
    });
    expect(row!.created).toBe(german.format(new Date(newest!.createdAt)));
    expect(row!.createdIso).toBe(newest!.createdAt);
    expect(await viewer.page.locator('time').first().getAttribute('datetime')).toBe(newest!.createdAt);
  });

  it('filters by resource type, level, request id and creation time, and keeps the filters in the URL', async () => {
    const all = (await apiMessages(topology.tokens.demo)).nodes;
    const viewer = await open(topology.tokens.demo);
    const { page } = viewer;

    // Resource type SHARE: demo's messages are all about servers, so the empty state says why.
    await page.getByLabel('Resource type').selectOption('SHARE');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect
      .poll(() => page.locator('.placeholder').textContent())
      .toBe('No message matches these filters.');
    expect(new URL(page.url()).search).toBe('?resourceType=SHARE');

    // Server and level ERROR: all of them.
    await page.getByLabel('Resource type').selectOption('SERVER');
    await page.getByLabel('Level').selectOption('ERROR');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => rowIds(viewer)).toEqual(all.map((node) => node.id));
    expect(new URL(page.url()).search).toBe('?resourceType=SERVER&level=ERROR');

    // One request id: exactly the messages of that request.
    const requestId = all[3]!.requestId!;
    await page.getByLabel('Request ID').fill(requestId);
    await page.getByLabel('Request ID').press('Enter');
    const ofRequest = (await apiMessages(topology.tokens.demo, { filter: { requestId } })).nodes;
    expect(ofRequest.length).toBeGreaterThan(0);
    await expect.poll(() => rowIds(viewer)).toEqual(ofRequest.map((node) => node.id));
    expect(new URLSearchParams(new URL(page.url()).search).get('requestId')).toBe(requestId);

    // Created since / before, typed as local time (the context's zone is UTC), sent as inclusive ISO bounds.
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect.poll(() => rowIds(viewer)).toEqual(all.slice(0, 25).map((node) => node.id));
    const since = all[9]!.createdAt;
    const before = all[2]!.createdAt;
    await page.getByLabel('Created since').fill(localSeconds(since, 'floor'));
    await page.getByLabel('Created before').fill(localSeconds(before, 'ceil'));
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const window = (
      await apiMessages(topology.tokens.demo, {
        filter: { createdSince: isoSeconds(since, 'floor'), createdBefore: isoSeconds(before, 'ceil') },
      })
    ).nodes;
    expect(window.map((node) => node.id)).toEqual(all.slice(2, 10).map((node) => node.id));
    await expect.poll(() => rowIds(viewer)).toEqual(window.map((node) => node.id));
    const params = new URLSearchParams(new URL(page.url()).search);
    expect([params.get('since'), params.get('before')]).toEqual([
      isoSeconds(since, 'floor'),
      isoSeconds(before, 'ceil'),
    ]);

    // The URL is the view: opened elsewhere (another tab, another user of the same project), it shows the same.
    const shared = await open(topology.tokens.demo, { search: new URL(page.url()).search });
    expect(await rowIds(shared)).toEqual(window.map((node) => node.id));
    // As the browser shows it: a datetime-local value drops its seconds when they are zero (HTML's normalized form).
    expect(await shared.page.getByLabel('Created since').inputValue()).toBe(
      localSeconds(since, 'floor').replace(/:00$/, ''),
    );
    // Back returns to the previous view.
    await page.goBack();
    await expect.poll(() => rowIds(viewer)).toEqual(all.slice(0, 25).map((node) => node.id));

    // Since later than before: the form says so and sends nothing.
    await page.getByLabel('Created since').fill(localSeconds(before, 'ceil'));
    await page.getByLabel('Created before').fill(localSeconds(since, 'floor'));
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.locator('.form-problem').textContent()).toContain('later than');
  });

  it('pages on with the marker ("load more") until the last message', async () => {
    const all = (await apiMessages(topology.tokens.demo)).nodes;
    expect(all).toHaveLength(10);
    // A page size from a shared link, though the form offers 10, 25, 50 and 100.
    const viewer = await open(topology.tokens.demo, { search: '?first=4' });
    const { page } = viewer;
    expect(await rowIds(viewer)).toEqual(all.slice(0, 4).map((node) => node.id));
    expect(await page.getByLabel('Per page').inputValue()).toBe('4');
    expect(await page.locator('.count').innerText()).toBe('4 messages shown; more are available.');

    await page.getByRole('button', { name: 'Load 4 more' }).click();
    await expect.poll(() => rowIds(viewer)).toEqual(all.slice(0, 8).map((node) => node.id));
    await page.getByRole('button', { name: 'Load 4 more' }).click();
    await expect.poll(() => rowIds(viewer)).toEqual(all.map((node) => node.id));
    expect(await page.getByRole('button', { name: /Load \d+ more/ }).count()).toBe(0);
    expect(await page.locator('.count').innerText()).toBe('10 messages.');
    // The second request carried the marker: the id of the last message of the first page.
    const pages = viewer.log.requests
      .filter(
        (request) => request.url.pathname === '/graphql' && request.body?.includes('EventViewerMessages'),
      )
      .map((request) => JSON.parse(request.body!) as { variables: Record<string, unknown> });
    expect(pages.map((body) => body.variables)).toEqual([
      { filter: {}, first: 4 },
      { filter: {}, first: 4, after: all[3]!.id },
      { filter: {}, first: 4, after: all[7]!.id },
    ]);
  });

  it('deletes the selected messages after a confirmation', async () => {
    const before = (await apiMessages(topology.tokens.alt)).nodes;
    const viewer = await open(topology.tokens.alt);
    const { page } = viewer;
    const [first, second] = before;
    const checkbox = (id: string) => page.locator(`tr[data-message-id="${id}"] input[type="checkbox"]`);

    await checkbox(first!.id).check();
    await checkbox(second!.id).check();
    await page.getByRole('button', { name: 'Delete selected (2)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete 2 messages?' });
    await dialog.waitFor();
    // Cancel has the focus: Enter alone deletes nothing.
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect((await apiMessages(topology.tokens.alt)).nodes.length).toBe(before.length);

    await page.getByRole('button', { name: 'Delete selected (2)' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete 2 messages' }).click();
    await expect.poll(() => page.locator('.notice-ok').textContent()).toBe('Deleted 2 messages.');
    expect(await rowIds(viewer)).toEqual(before.slice(2, 25).map((node) => node.id));
    expect((await apiMessages(topology.tokens.alt)).nodes.map((node) => node.id)).toEqual(
      before.slice(2).map((node) => node.id),
    );
    expect(await page.getByRole('button', { name: 'Delete selected (0)' }).isDisabled()).toBe(true);
  });

  it("shows a reader its project's messages and says why a delete is refused", async () => {
    const expected = (await apiMessages(topology.tokens.demoReader, { first: 25 })).nodes;
    const viewer = await open(topology.tokens.demoReader);
    const { page } = viewer;
    expect(await rowIds(viewer)).toEqual(expected.map((node) => node.id));
    await page.locator(`tr[data-message-id="${expected[0]!.id}"] input[type="checkbox"]`).check();
    await page.getByRole('button', { name: 'Delete selected (1)' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete 1 message' }).click();
    const alert = page.locator('.messages-section .notice-error');
    await expect
      .poll(() => alert.locator('p').first().textContent())
      .toMatch(/^Deleting messages failed\. .+ \(FORBIDDEN\)$/);
    expect(await alert.innerText()).toMatch(/Request id: req-[0-9a-f-]{36}/);
    expect(await rowIds(viewer)).toEqual(expected.map((node) => node.id));
    expect((await apiMessages(topology.tokens.demo)).nodes.map((node) => node.id)).toContain(expected[0]!.id);
  });

  it('works from the keyboard alone: filter, select, confirm, open a resource', async () => {
    const all = (await apiMessages(topology.tokens.demo)).nodes;
    const viewer = await open(topology.tokens.demo);
    const { page } = viewer;
    const focused = () =>
      page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('aria-label'));
    await page.keyboard.press('Tab'); // GraphiQL link
    await page.keyboard.press('Tab'); // Sign out
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('filter-resource-type');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('filter-request-id');
    await page.keyboard.type(all[0]!.requestId!);
    await page.keyboard.press('Enter');
    await expect.poll(() => rowIds(viewer)).toEqual([all[0]!.id]);

    // Tab on to the row's checkbox, select it with Space, open and cancel the dialog with Escape.
    for (let i = 0; i < 30 && !String(await focused()).startsWith('Select message'); i++)
      await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^Select message SERVER_\d+_\d+ about server /);
    await page.keyboard.press('Space');
    expect(await page.getByRole('button', { name: 'Delete selected (1)' }).isEnabled()).toBe(true);
    await page.getByRole('button', { name: 'Delete selected (1)' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });

    // Tab to the resource link and follow it with Enter: the panel opens and takes the focus.
    for (let i = 0; i < 40 && !String(await focused()).startsWith('Show server'); i++)
      await page.keyboard.press('Tab');
    expect(await focused()).toBe(`Show server ${all[0]!.resourceId}`);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains('resource-panel')))
      .toBe(true);
  });

  it('opens a resource id in a detail panel: status, fault (details for admins) and all its messages', async () => {
    const [message] = (await apiMessages(topology.tokens.demo, { first: 1 })).nodes;
    const viewer = await open(topology.tokens.demo);
    const { page } = viewer;
    await page.getByRole('link', { name: `Show server ${message!.resourceId}` }).click();
    const panel = page.locator('.resource-panel');
    await expect.poll(() => panel.locator('.facts').count()).toBe(1);
    expect(new URLSearchParams(new URL(page.url()).search).get('resource')).toBe(
      `SERVER:${message!.resourceId}`,
    );
    const facts = await panel.locator('.facts').innerText();
    expect(facts).toContain('ERROR');
    expect(facts).toContain(`Build of instance ${message!.resourceId} aborted`);
    expect(facts).not.toContain('Traceback'); // fault details are for admins only
    expect(await panel.locator('.resource-messages li').allInnerTexts()).toEqual([
      expect.stringContaining(`${message!.eventId} ${message!.userMessage}`),
    ]);
    await panel.getByRole('button', { name: 'Close' }).click();
    await panel.waitFor({ state: 'detached' });

    // The same link, opened by an admin of every project, shows the fault's details.
    const admin = await open(topology.tokens.admin, {
      search: `?all=1&resource=SERVER:${message!.resourceId}`,
    });
    await expect
      .poll(() => admin.page.locator('.resource-panel .fault-details').textContent())
      .toContain('Traceback (most recent call last):');
  });

  it('shows an admin the cells panel and switches the table to every project', async () => {
    const all = (await apiMessages(topology.tokens.admin, { all: true, first: 25 })).nodes;
    const viewer = await open(topology.tokens.admin);
    const { page } = viewer;
    expect(await page.locator('.placeholder').textContent()).toMatch(/^There are no messages/);
    await expect.poll(() => page.locator('.cells-panel tbody tr').count()).toBe(3);
    const cells = await page.$$eval('.cells-panel tbody tr', (rows) =>
      rows.map((row) => Array.from(row.children).map((cell) => cell.textContent ?? '')),
    );
    expect(cells.map(([name, , state, breaker]) => [name, state, breaker])).toEqual([
      ['cell0', 'UP', 'CLOSED'],
      ['cell1', 'UP', 'CLOSED'],
      ['cell2', 'UP', 'CLOSED'],
    ]);
    expect(cells[1]![1]).toBe('cell1');

    await page.getByLabel('All projects').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => rowIds(viewer)).toEqual(all.map((node) => node.id));
    expect(new Set((await viewer.rows()).map((row) => row.project))).toEqual(new Set(['demo', 'alt']));
    expect(new URL(page.url()).search).toBe('?all=1');
    expect(await page.locator('.who').innerText()).toBe('Signed in as an admin · all projects');
  });

  it('is readable at a phone width: nothing but the table scrolls sideways', async () => {
    const shown = Math.min(25, (await apiMessages(topology.tokens.admin, { all: true })).nodes.length);
    const viewer = await open(topology.tokens.admin, {
      search: '?all=1',
      viewport: { width: 390, height: 844 },
    });
    const { page } = viewer;
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const fieldWidths = await page.$$eval('.filters input, .filters select', (fields) =>
      fields.map((field) => field.getBoundingClientRect().right),
    );
    expect(Math.max(...fieldWidths)).toBeLessThanOrEqual(390);
    expect(await page.locator('table.messages tbody tr').count()).toBe(shown);
    if (SCREENSHOTS) await page.screenshot({ path: join(SCREENSHOTS, 'event-viewer-phone.png') });
  });

  it('says an answer is partial when a cell is frozen, and names the cell to admins only', async () => {
    const cell2 = topology.cell('cell2');
    cell2.freeze();
    try {
      const admin = await open(topology.tokens.admin, { search: '?all=1' });
      const notice = admin.page.locator('.messages-section .notice-warning');
      expect(await notice.innerText()).toContain('This list is partial');
      expect(await notice.locator('.cell-name').allInnerTexts()).toEqual(['cell2']);
      const expected = await apiMessages(topology.tokens.admin, { all: true, first: 25 });
      expect(expected).toMatchObject({ partial: true, unreachableCells: ['cell2'] });
      expect(await rowIds(admin)).toEqual(expected.nodes.map((node) => node.id));
      // The cells panel catches up within a refresh or two.
      await expect
        .poll(() => admin.page.locator('.cells-panel tr[data-cell="cell2"] .state').textContent(), {
          timeout: 30_000,
        })
        .toBe('DOWN');
      expect(await admin.page.locator('.cells-panel tr[data-cell="cell1"] .state').textContent()).toBe('UP');
      if (SCREENSHOTS) {
        mkdirSync(SCREENSHOTS, { recursive: true });
        await admin.page.screenshot({ path: join(SCREENSHOTS, 'event-viewer-admin-frozen-cell.png') });
      }

      const member = await open(topology.tokens.demo);
      const memberNotice = member.page.locator('.messages-section .notice-warning');
      expect(await memberNotice.innerText()).toBe(
        'This list is partial: some cells did not answer, so messages stored there are missing.',
      );
      expect(await member.page.locator('body').innerText()).not.toContain('cell2');
    } finally {
      cell2.thaw();
    }
    await waitFor(
      async () => !(await apiMessages(topology.tokens.admin, { all: true })).partial,
      30_000,
      'cell2',
    );
  });

  it('asks for a token when none is given, and says so when the gateway refuses one', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${topology.baseUrl}/events?resourceType=SERVER`);
    await page.getByLabel('Bearer token').fill('not-a-jwt');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/^The gateway refused the token: /);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);

    await page.getByLabel('Bearer token').fill(`Bearer ${topology.tokens.demo}`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('table.messages tbody tr').count()).toBe(10);
    // The filters of the URL it was opened with apply.
    expect(await page.getByLabel('Resource type').inputValue()).toBe('SERVER');
    await context.close();
  });

  it('loads only from the gateway: its page, two assets and POST /graphql, with JSON and the bearer token', async () => {
    const viewer = await open(topology.tokens.admin, { search: '?all=1' });
    await viewer.page.getByRole('button', { name: 'Refresh' }).click();
    await expect
      .poll(() => viewer.log.requests.filter((request) => request.url.pathname === '/graphql').length)
      .toBeGreaterThanOrEqual(4);
    const paths = [
      ...new Set(viewer.log.requests.map((request) => `${request.method} ${request.url.pathname}`)),
    ];
    // The built page names its two assets (content-hashed file names).
    const html = readFileSync(join(EVENTS_DIRECTORY, 'index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="(\/events\/assets\/[^"]+)"/g)].map(
      (match) => `GET ${match[1]}`,
    );
    expect(assets).toHaveLength(2);
    expect(paths.sort()).toEqual(['GET /events', ...assets.sort(), 'POST /graphql']);
    const response = await viewer.page.request.get(`${topology.baseUrl}/events`);
    expect(response.headers()['content-security-policy']).toContain("connect-src 'self'");
    expect(viewer.log.offLoopback).toEqual([]);
  });
});

/** The `datetime-local` value (UTC context) of `iso`, rounded to the second. */
function localSeconds(iso: string, round: 'floor' | 'ceil'): string {
  return isoSeconds(iso, round).slice(0, 19);
}

function isoSeconds(iso: string, round: 'floor' | 'ceil'): string {
  const ms = new Date(iso).getTime();
  const rounded = round === 'floor' ? Math.floor(ms / 1000) * 1000 : Math.ceil(ms / 1000) * 1000;
  return new Date(rounded).toISOString();
}

/** Nothing the page did left 127.0.0.1, carried the token in a URL, or threw. */
function expectOnlyTheGateway(log: RequestLog, topology: Topology): void {
  expect(log.offLoopback).toEqual([]);
  expect(log.pageErrors).toEqual([]);
  const origin = new URL(topology.baseUrl).origin;
  for (const request of log.requests) {
    expect(request.url.origin).toBe(origin);
    // Only the address the test typed carries the token, in the fragment, which the browser never sends.
    const sent = new URL(request.url);
    sent.hash = '';
    for (const token of Object.values(topology.tokens)) expect(sent.href).not.toContain(token);
    if (request.url.pathname === '/graphql') {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['authorization']).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    }
  }
}

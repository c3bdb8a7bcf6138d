import type { Browser, BrowserContext, Page } from 'playwright-core';

import { recordRequests, type RequestLog } from './chromium.js';

/** One row of the Event Viewer's messages table, as the page shows it. */
export interface ViewerRow {
  readonly id: string;
  readonly project: string;
  readonly eventId: string;
  readonly resource: string;
  readonly resourceId: string;
  readonly requestId: string;
  readonly level: string;
  /** The text shown (the user's locale). */
  readonly created: string;
  /** The ISO value on hover (`title`). */
  readonly createdIso: string | null;
  readonly message: string;
}

/** Options of `openEventViewer`. */
export interface OpenEventViewerOptions {
  /** Path and query after `/events`, e.g. `?resourceType=SERVER`. Default `''`. */
  readonly search?: string;
  /** Default 1280 × 900. */
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Default `en-US`. */
  readonly locale?: string;
  /** Default `UTC`. */
  readonly timezoneId?: string;
}

/** An Event Viewer page in its own browser context (its own sessionStorage), with every request recorded. */
export interface EventViewer {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly log: RequestLog;
  /** Waits until the messages section shows a table, an empty state or an error, and not "Loading". */
  settled(): Promise<void>;
  rows(): Promise<ViewerRow[]>;
  close(): Promise<void>;
}

/** Opens `/events<search>#token=<token>` in a fresh context and waits for the first answer. */
export async function openEventViewer(
  browser: Browser,
  baseUrl: string,
  token: string,
  options: OpenEventViewerOptions = {},
): Promise<EventViewer> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    locale: options.locale ?? 'en-US',
    timezoneId: options.timezoneId ?? 'UTC',
  });
  const page = await context.newPage();
  const log = await recordRequests(page);
  const viewer: EventViewer = {
    context,
    page,
    log,
    async settled() {
      await page.waitForFunction(
        () => {
          const section = document.querySelector('.messages-section');
          if (!section || section.querySelector('.placeholder')?.textContent?.startsWith('Loading'))
            return false;
          return Boolean(section.querySelector('table.messages, .placeholder, [role="alert"]'));
        },
        undefined,
        { timeout: 30_000 },
      );
    },
    rows: () =>
      page.$$eval('table.messages tbody tr', (rows) =>
        rows.map((row) => {
          const cells = Array.from(row.querySelectorAll('td'))
            .slice(1)
            .map((cell) => cell.textContent ?? '');
          return {
            id: row.getAttribute('data-message-id') ?? '',
            project: cells[0] ?? '',
            eventId: cells[1] ?? '',
            resource: cells[2] ?? '',
            resourceId: cells[3] ?? '',
            requestId: cells[4] ?? '',
            level: cells[5] ?? '',
            created: cells[6] ?? '',
            createdIso: row.querySelectorAll('td')[7]?.querySelector('time')?.getAttribute('title') ?? null,
            message: cells[7] ?? '',
          };
        }),
      ),
    close: () => context.close(),
  };
  await page.goto(`${baseUrl}/events${options.search ?? ''}#token=${token}`);
  await viewer.settled();
  return viewer;
}

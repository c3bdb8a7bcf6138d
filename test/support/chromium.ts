import { existsSync } from 'node:fs';

import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; `.ci/run` installs it); `CHROMIUM_PATH` overrides. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Launches headless Chromium for a browser test. The background-networking flags keep Chromium itself from
 * reaching out (the machine's closed network refuses it, and a test must not depend on it).
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium).`);
  return chromium.launch({
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
}

/** A request a page made, as the browser sent it. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

/** What `recordRequests` saw: every request, and the ones to another host (aborted). */
export interface RequestLog {
  readonly requests: RecordedRequest[];
  readonly offLoopback: string[];
  readonly pageErrors: string[];
}

/**
 * Records every request `page` makes and every uncaught page error. A request to any host other than
 * 127.0.0.1 / localhost is recorded in `offLoopback` and aborted, so it cannot leave the machine either way.
 */
export async function recordRequests(page: Page): Promise<RequestLog> {
  const log: RequestLog = { requests: [], offLoopback: [], pageErrors: [] };
  page.on('request', (request) => {
    log.requests.push({
      method: request.method(),
      url: new URL(request.url()),
      headers: request.headers(),
      body: request.postData(),
    });
  });
  page.on('pageerror', (error) => log.pageErrors.push(error.message));
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.hostname === '127.0.0.1' || url.hostname === 'localhost') {
      return route.continue();
    }
    log.offLoopback.push(url.href);
    return route.abort();
  });
  return log;
}

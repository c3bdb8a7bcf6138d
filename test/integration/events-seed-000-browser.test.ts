import type { Browser, Page } from 'playwright-core';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startWorkers, type RunningWorkers } from '../../src/app.js';
import { signTokens } from '../../src/cli/token-command.js';
import { launchChromium, recordRequests } from '../support/chromium.js';
import { openEventViewer } from '../support/event-viewer.js';
import { startTopology, waitFor, type Topology } from '../support/topology.js';

/**
 * Seed 000 (Manila's "Troubleshooting asynchronous failures") as a person would do it in the browser: the
 * failing shares are created in GraphiQL, then the Event Viewer shows why they failed and deletes the messages.
 */

const PROJECT = 'cadd7139bc3148b8973df097c0911016';
const ALLOCATE_HOST =
  "allocate host: No storage could be allocated for this share request, Capabilities filter didn't succeed.";
const CREATE = 'create: Driver does not expect share-network to be provided with current configuration.';

interface MessagesAnswer {
  readonly messages: {
    readonly nodes: {
      id: string;
      eventId: string;
      requestId: string;
      resourceId: string;
      userMessage: string;
    }[];
  };
}

describe("seed 000's scenario in GraphiQL and the Event Viewer", () => {
  let topology: Topology;
  let workers: RunningWorkers;
  let browser: Browser;
  let token: string;

  beforeAll(async () => {
    topology = await startTopology({ cells: ['cell1'], serversPerCell: 1 });
    workers = await startWorkers({
      config: topology.config,
      api: topology.app!.services.api,
      logger: pino({ level: 'silent' }),
    });
    browser = await launchChromium();
    const [member] = await signTokens(topology.config, [
      { userId: '61aef4895b0b41619e67ae83fba6defe', projectId: PROJECT, role: 'member' },
    ]);
    token = member!;
  });

  afterAll(async () => {
    await browser?.close();
    await workers?.stop();
    await topology?.stop();
  });

  it('shows the two failures with their event ids, request ids and texts, and deletes them', async () => {
    // 1. GraphiQL, with the member's token from the fragment: the share network and the three creates.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const graphiql = await context.newPage();
    const graphiqlLog = await recordRequests(graphiql);
    await graphiql.goto(`${topology.baseUrl}/graphiql#token=${token}`);
    await graphiql.locator('.graphiql-execute-button').waitFor({ timeout: 30_000 });
    await runInGraphiql(
      graphiql,
      `mutation { createShareNetwork(input: { name: "mynet", neutronNetId: "74d5cfb3-5dd0-43f7-b1b2-5b544cb16212", neutronSubnetId: "78c6ac57-bba7-4922-ab81-16cde31c2d06" }) { id name } }`,
    );
    const createShare = (extra: string) =>
      runInGraphiql(
        graphiql,
        `mutation { createShare(input: { shareProto: "nfs", size: 1, name: "software_share"${extra} }) { id status } }`,
      );
    const dhssTrue = await createShare(', shareNetwork: "mynet", shareType: "dhss_true"');
    const dhssFalse = await createShare(', shareNetwork: "mynet", shareType: "dhss_false"');
    const working = await createShare(', shareType: "dhss_false"');
    for (const created of [dhssTrue, dhssFalse, working])
      expect(created.text).toContain('"status": "CREATING"');
    expect(graphiqlLog.offLoopback).toEqual([]);

    // The workers finish the creates: two failures, each with its message.
    const messages = await waitFor(
      async () => {
        const answer = await topology.graphql<MessagesAnswer>(
          '{ messages { nodes { id eventId requestId resourceId userMessage } } }',
          {},
          token,
        );
        const nodes = answer.body.data?.messages.nodes ?? [];
        return nodes.length === 2 ? nodes : null;
      },
      30_000,
      'the two messages of seed 000',
    );
    const expected = [
      { eventId: 'SHARE_002_003', requestId: dhssFalse.requestId, resourceId: dhssFalse.id, message: CREATE },
      {
        eventId: 'SHARE_001_008',
        requestId: dhssTrue.requestId,
        resourceId: dhssTrue.id,
        message: ALLOCATE_HOST,
      },
    ];
    expect(
      messages.map(({ eventId, requestId, resourceId, userMessage }) => ({
        eventId,
        requestId,
        resourceId,
        message: userMessage,
      })),
    ).toEqual(expected);

    // As in the guide, the failed shares are deleted first: their messages outlive them.
    await runInGraphiql(graphiql, `mutation { deleteShares(ids: ["${dhssFalse.id}", "${dhssTrue.id}"]) }`);
    await context.close();

    // 2. The Event Viewer: the member sees exactly the two messages, newest first.
    const viewer = await openEventViewer(browser, topology.baseUrl, token);
    const { page } = viewer;
    const rows = await viewer.rows();
    expect(
      rows.map(({ project, eventId, resource, resourceId, requestId, level, message }) => ({
        project,
        eventId,
        resource,
        resourceId,
        requestId,
        level,
        message,
      })),
    ).toEqual(expected.map((row) => ({ project: PROJECT, resource: 'Share', level: 'ERROR', ...row })));

    // The share's detail panel still lists its message after the share is gone.
    await page.getByRole('link', { name: `Show share ${dhssTrue.id}` }).click();
    const panel = page.locator('.resource-panel');
    await expect.poll(() => panel.locator('.resource-messages li').count(), { timeout: 30_000 }).toBe(1);
    expect(await panel.locator('.resource-messages').innerText()).toContain(`SHARE_001_008 ${ALLOCATE_HOST}`);
    await panel.getByRole('button', { name: 'Close' }).click();

    // Select both and delete them (manila message-delete …).
    await page.getByLabel('Select every message shown').check();
    await page.getByRole('button', { name: 'Delete selected (2)' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete 2 messages' }).click();
    await expect.poll(() => page.locator('.notice-ok').textContent()).toBe('Deleted 2 messages.');
    expect(await page.locator('.placeholder').textContent()).toMatch(/^There are no messages/);
    const after = await topology.graphql<MessagesAnswer>('{ messages { nodes { id } } }', {}, token);
    expect(after.body).toMatchObject({ data: { messages: { nodes: [] } } });
    expect(viewer.log.offLoopback).toEqual([]);
    expect(viewer.log.pageErrors).toEqual([]);
    await viewer.close();
  });
});

/** What GraphiQL showed for one operation: the result text, and the id and request id in it. */
interface GraphiqlRun {
  readonly text: string;
  readonly id: string;
  readonly requestId: string;
}

/**
 * Replaces the query in GraphiQL's editor, runs it with the execute button and waits for its result.
 * `insertText` types the whole text at once, so the editor's bracket auto-closing does not double any bracket.
 */
async function runInGraphiql(page: Page, query: string): Promise<GraphiqlRun> {
  const result = page.locator('.result-window');
  let previous = await result.innerText();
  await page.locator('.graphiql-query-editor .CodeMirror').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(query);
  // GraphiQL derives the operation name from the editor a moment after an edit; until then it sends the old
  // one, and the gateway refuses it without running anything (OPERATION_RESOLUTION_FAILURE): run it again.
  let text = previous;
  for (let attempt = 1; attempt <= 20; attempt++) {
    await page.locator('.graphiql-execute-button').click();
    await expect
      .poll(async () => (text = await result.innerText()) !== previous && text.includes('"requestId"'), {
        timeout: 30_000,
      })
      .toBe(true);
    if (!text.includes('OPERATION_RESOLUTION_FAILURE')) break;
    previous = text;
  }
  expect(text).not.toContain('"errors"');
  return {
    text,
    id: /"id": "([0-9a-f-]{36})"/.exec(text)?.[1] ?? '',
    requestId: /"requestId": "(req-[0-9a-f-]{36})"/.exec(text)?.[1] ?? '',
  };
}

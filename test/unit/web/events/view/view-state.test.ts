import { describe, expect, it } from 'vitest';

import {
  DEFAULT_VIEW,
  formatViewState,
  hasFilters,
  messageFilterOf,
  parseViewState,
  type ViewState,
} from '../../../../../web/events/src/view/view-state.js';

const FULL: ViewState = {
  resourceType: 'SHARE',
  level: 'ERROR',
  requestId: 'req-5b3c1a52-7d8e-4c1f-9a0b-2f6e8d4c3b1a',
  since: '2026-11-22T12:00:00.000Z',
  before: '2026-11-23T12:00:00.000Z',
  pageSize: 10,
  allProjects: true,
  resource: { type: 'SHARE', id: '243f3a51-0624-4bdd-950e-7ed190b53b67' },
};

describe('parseViewState / formatViewState', () => {
  it('reads the default view from an empty query string, and writes it back as one', () => {
    expect(parseViewState('')).toEqual(DEFAULT_VIEW);
    expect(formatViewState(DEFAULT_VIEW)).toBe('');
  });

  it('round-trips every field of a view through the URL', () => {
    const search = formatViewState(FULL);
    expect(search).toBe(
      '?resourceType=SHARE&level=ERROR&requestId=req-5b3c1a52-7d8e-4c1f-9a0b-2f6e8d4c3b1a' +
        '&since=2026-11-22T12%3A00%3A00.000Z&before=2026-11-23T12%3A00%3A00.000Z&first=10&all=1' +
        '&resource=SHARE%3A243f3a51-0624-4bdd-950e-7ed190b53b67',
    );
    expect(parseViewState(search)).toEqual(FULL);
  });

  it('drops values it does not know, so a damaged link still opens', () => {
    expect(
      parseViewState('?resourceType=VOLUME&level=WARNING&since=yesterday&first=0&all=yes&resource=VOLUME:1'),
    ).toEqual(DEFAULT_VIEW);
    expect(parseViewState('?first=5000').pageSize).toBe(DEFAULT_VIEW.pageSize);
    expect(parseViewState('?first=2.5').pageSize).toBe(DEFAULT_VIEW.pageSize);
    expect(parseViewState('?resource=SERVER:').resource).toBeNull();
  });

  it('normalizes dates to ISO 8601 UTC and trims the request id', () => {
    expect(parseViewState('?since=2026-11-22T13:00:00%2B01:00&requestId=%20req-1%20')).toEqual({
      ...DEFAULT_VIEW,
      since: '2026-11-22T12:00:00.000Z',
      requestId: 'req-1',
    });
  });
});

describe('messageFilterOf', () => {
  it('maps the view to the MessageFilter input with only the fields that are set', () => {
    expect(messageFilterOf(DEFAULT_VIEW)).toEqual({});
    expect(messageFilterOf(FULL)).toEqual({
      resourceType: 'SHARE',
      messageLevel: 'ERROR',
      requestId: 'req-5b3c1a52-7d8e-4c1f-9a0b-2f6e8d4c3b1a',
      createdSince: '2026-11-22T12:00:00.000Z',
      createdBefore: '2026-11-23T12:00:00.000Z',
    });
  });

  it('counts page size, all projects and the open panel as no filter', () => {
    expect(
      hasFilters({ ...FULL, resourceType: null, level: null, requestId: null, since: null, before: null }),
    ).toBe(false);
    expect(hasFilters({ ...DEFAULT_VIEW, level: 'ERROR' })).toBe(true);
  });
});

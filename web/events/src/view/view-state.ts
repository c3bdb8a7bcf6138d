import type { MessageLevel, ResourceType } from '../api/operations.js';

/** Page sizes offered in the filter form. */
export const PAGE_SIZES: readonly number[] = [10, 25, 50, 100];
/** Messages per page when the URL says nothing. */
export const DEFAULT_PAGE_SIZE = 25;
/** The gateway clamps `first` to `MAX_LIMIT` (default 1000); the page asks for no more. */
const MAX_PAGE_SIZE = 1000;

const RESOURCE_TYPES: readonly ResourceType[] = ['SERVER', 'SHARE'];
const LEVELS: readonly MessageLevel[] = ['ERROR'];

/** A resource the detail panel shows. */
export interface ResourceRef {
  readonly type: ResourceType;
  readonly id: string;
}

/**
 * Everything a shared link of the Event Viewer reproduces: the filters, the page size, the admin's
 * all-projects switch and the open detail panel. Never the token.
 */
export interface ViewState {
  readonly resourceType: ResourceType | null;
  readonly level: MessageLevel | null;
  readonly requestId: string | null;
  /** ISO 8601 UTC, inclusive. */
  readonly since: string | null;
  /** ISO 8601 UTC, inclusive. */
  readonly before: string | null;
  readonly pageSize: number;
  /** Admins only; the page ignores it for members. */
  readonly allProjects: boolean;
  readonly resource: ResourceRef | null;
}

/** The view of `/events` with no query string. */
export const DEFAULT_VIEW: ViewState = {
  resourceType: null,
  level: null,
  requestId: null,
  since: null,
  before: null,
  pageSize: DEFAULT_PAGE_SIZE,
  allProjects: false,
  resource: null,
};

/**
 * Reads the view from a query string (`location.search`). Values the page does not know (a misspelt resource
 * type, a date that does not parse, a page size out of range) are dropped, so a damaged link still opens.
 */
export function parseViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const text = (name: string) => {
    const value = params.get(name)?.trim();
    return value ? value : null;
  };
  const pageSize = Number(text('first'));
  const [resourceType, ...resourceIdParts] = (text('resource') ?? '').split(':');
  const resourceId = resourceIdParts.join(':');
  return {
    resourceType: oneOf(RESOURCE_TYPES, text('resourceType')),
    level: oneOf(LEVELS, text('level')),
    requestId: text('requestId'),
    since: isoOrNull(text('since')),
    before: isoOrNull(text('before')),
    pageSize:
      Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= MAX_PAGE_SIZE ? pageSize : DEFAULT_PAGE_SIZE,
    allProjects: text('all') === '1',
    resource:
      resourceId !== '' && oneOf(RESOURCE_TYPES, resourceType ?? null)
        ? { type: resourceType as ResourceType, id: resourceId }
        : null,
  };
}

/** The query string of a view (`''` for the default view); `parseViewState` reads it back unchanged. */
export function formatViewState(view: ViewState): string {
  const params = new URLSearchParams();
  if (view.resourceType) params.set('resourceType', view.resourceType);
  if (view.level) params.set('level', view.level);
  if (view.requestId) params.set('requestId', view.requestId);
  if (view.since) params.set('since', view.since);
  if (view.before) params.set('before', view.before);
  if (view.pageSize !== DEFAULT_PAGE_SIZE) params.set('first', String(view.pageSize));
  if (view.allProjects) params.set('all', '1');
  if (view.resource) params.set('resource', `${view.resource.type}:${view.resource.id}`);
  const search = params.toString();
  return search === '' ? '' : `?${search}`;
}

/** The `MessageFilter` of the view (CONTRACT section 4): only the fields that are set. */
export function messageFilterOf(view: ViewState): Readonly<Record<string, string>> {
  return {
    ...(view.resourceType ? { resourceType: view.resourceType } : {}),
    ...(view.level ? { messageLevel: view.level } : {}),
    ...(view.requestId ? { requestId: view.requestId } : {}),
    ...(view.since ? { createdSince: view.since } : {}),
    ...(view.before ? { createdBefore: view.before } : {}),
  };
}

/** Whether the view narrows the list at all (the empty state says "no match" rather than "no messages"). */
export function hasFilters(view: ViewState): boolean {
  return Object.keys(messageFilterOf(view)).length > 0;
}

function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

function isoOrNull(value: string | null): string | null {
  if (value === null) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

import type { ResourceType } from '../api/operations.js';

/** The word for each resource type, as the page shows it. */
export const RESOURCE_LABELS: Readonly<Record<ResourceType, string>> = { SERVER: 'Server', SHARE: 'Share' };

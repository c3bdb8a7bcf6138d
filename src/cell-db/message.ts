import type { ResourceTypeName } from '../resource/resource-kind.js';

/** A user message as resolvers see it; `userMessage` and `eventId` are computed from the catalogue. */
export interface Message {
  readonly id: string;
  readonly resourceType: ResourceTypeName;
  readonly resourceId: string | null;
  readonly actionId: string;
  readonly detailId: string;
  readonly messageLevel: 'ERROR';
  readonly requestId: string | null;
  readonly projectId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly cellUuid: string;
}

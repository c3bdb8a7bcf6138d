import type { Message } from '../../cell-db/message.js';
import type { RequestContext } from '../request-context.js';

/**
 * `messages(first:)` of a server or share: none for a minimal construct; otherwise from the loader (at once when its
 * list fetched them ahead), the first `first` of them (all when `first` is not given, none for a negative one).
 */
export function resourceMessages(
  resource: { readonly id: string; readonly cellUuid: string; readonly isConstruct: boolean },
  first: number | null | undefined,
  ctx: RequestContext,
): readonly Message[] | Promise<readonly Message[]> {
  if (resource.isConstruct) return [];
  const firstOf = (messages: readonly Message[]) =>
    first === null || first === undefined ? messages : messages.slice(0, Math.max(first, 0));
  const messages = ctx.loaders.messagesByResource.load({ cellUuid: resource.cellUuid, id: resource.id });
  return messages instanceof Promise ? messages.then(firstOf) : firstOf(messages);
}

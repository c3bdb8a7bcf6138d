import { useCallback, useState } from 'preact/hooks';

import { postGraphql, type GraphqlFailure } from '../api/graphql-client.js';
import { DELETE_MESSAGES_MUTATION, type DeleteMessagesAnswer } from '../api/operations.js';

/** The delete flow: pick, confirm, send, and what came of it. */
export type DeleteState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'confirming'; readonly ids: readonly string[] }
  | { readonly phase: 'deleting'; readonly ids: readonly string[] }
  | { readonly phase: 'done'; readonly deleted: number; readonly missed: number }
  | { readonly phase: 'failed'; readonly failure: GraphqlFailure };

/** The delete flow and its steps. */
export interface DeleteControls {
  readonly state: DeleteState;
  ask(ids: readonly string[]): void;
  cancel(): void;
  /** Sends `deleteMessages` for the ids being confirmed; `onDeletedFn` gets the ids the gateway deleted. */
  confirm(): void;
}

/**
 * Deletes messages with `deleteMessages(ids)` after a confirmation. The gateway answers the ids it deleted;
 * the others were already gone or are not the caller's (Manila's message-delete semantics), and the outcome
 * says how many.
 */
export function useDeleteMessages(options: {
  readonly token: string;
  readonly onDeletedFn: (ids: ReadonlySet<string>) => void;
  readonly onUnauthenticatedFn: (message: string) => void;
}): DeleteControls {
  const { token, onDeletedFn, onUnauthenticatedFn } = options;
  const [state, setState] = useState<DeleteState>({ phase: 'idle' });
  const ask = useCallback((ids: readonly string[]) => {
    if (ids.length > 0) setState({ phase: 'confirming', ids });
  }, []);
  const cancel = useCallback(() => setState({ phase: 'idle' }), []);
  const confirm = useCallback(() => {
    if (state.phase !== 'confirming') return;
    const ids = state.ids;
    setState({ phase: 'deleting', ids });
    void postGraphql<DeleteMessagesAnswer>(token, DELETE_MESSAGES_MUTATION, { ids }).then((result) => {
      if (result.kind === 'unauthenticated') return onUnauthenticatedFn(result.message);
      if (result.kind !== 'ok') return setState({ phase: 'failed', failure: result });
      const deleted = new Set(result.data.deleteMessages);
      onDeletedFn(deleted);
      setState({ phase: 'done', deleted: deleted.size, missed: ids.filter((id) => !deleted.has(id)).length });
    });
  }, [state, token, onDeletedFn, onUnauthenticatedFn]);
  return { state, ask, cancel, confirm };
}

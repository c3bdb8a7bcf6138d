import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';

import { postGraphql, type GraphqlFailure } from '../api/graphql-client.js';
import { MESSAGES_QUERY, type MessageNode, type MessagesAnswer } from '../api/operations.js';
import { messageFilterOf, type ViewState } from '../view/view-state.js';

/** The state of "load more" once the first page is there. */
export type MoreState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'loading' }
  | { readonly phase: 'failed'; readonly failure: GraphqlFailure };

/** The messages table's data: the pages loaded so far, merged, and whether any of them was partial. */
export type MessagesState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'failed'; readonly failure: GraphqlFailure }
  | {
      readonly phase: 'loaded';
      readonly nodes: readonly MessageNode[];
      readonly hasNextPage: boolean;
      readonly endCursor: string | null;
      readonly partial: boolean;
      /** Names of the cells that did not answer some page (`null` for members, who are not told). */
      readonly unreachableCells: readonly string[] | null;
      readonly more: MoreState;
    };

/** The messages and what the page can do with them. */
export interface MessagesControls {
  readonly state: MessagesState;
  /** Fetches the next page after the last message shown (the marker) and appends it. */
  loadMore(): void;
  /** Drops deleted messages from the table (a deleted marker still pages on: CONTRACT section 5). */
  remove(ids: ReadonlySet<string>): void;
  reload(): void;
}

/** Options of `useMessages`. */
export interface UseMessagesOptions {
  readonly token: string;
  readonly view: ViewState;
  readonly isAdmin: boolean;
  readonly onUnauthenticatedFn: (message: string) => void;
}

/**
 * Loads the caller's messages for the view's filters, newest first, one page of `view.pageSize` at a time.
 *
 * A change of filters, page size or project scope starts over from the first page and abandons any request still
 * running for the old view (its answer is ignored). An HTTP 401 goes to `onUnauthenticatedFn`.
 */
export function useMessages({
  token,
  view,
  isAdmin,
  onUnauthenticatedFn,
}: UseMessagesOptions): MessagesControls {
  const variables = useMemo(
    () => ({
      filter: messageFilterOf(view),
      first: view.pageSize,
      // A member who sends allProjects at all is refused (FORBIDDEN), so it is left out.
      ...(isAdmin && view.allProjects ? { allProjects: true } : {}),
    }),
    [view, isAdmin],
  );
  // The effect depends on the variables' value, not on the object: opening the detail panel changes the view
  // object but not the list, and must not reload it. The requests are sent with this same serialized value.
  const key = JSON.stringify(variables);
  const [state, setState] = useState<MessagesState>({ phase: 'loading' });
  const [reloads, setReloads] = useState(0);
  // Aborted when the view changes: a page of the old view must not be appended to the new one.
  const viewScope = useRef(new AbortController());

  useEffect(() => {
    const controller = new AbortController();
    viewScope.current = controller;
    setState({ phase: 'loading' });
    void fetchPage(token, JSON.parse(key) as object, null, controller.signal).then((result) => {
      if (result === 'aborted') return;
      if (result.kind === 'unauthenticated') return onUnauthenticatedFn(result.message);
      if (result.kind !== 'ok') return setState({ phase: 'failed', failure: result });
      const page = result.data.messages;
      setState({
        phase: 'loaded',
        nodes: page.nodes,
        hasNextPage: page.pageInfo.hasNextPage,
        endCursor: page.pageInfo.endCursor,
        partial: page.partial,
        unreachableCells: page.unreachableCells,
        more: { phase: 'idle' },
      });
    });
    return () => controller.abort();
  }, [token, key, reloads, onUnauthenticatedFn]);

  const loadMore = useCallback(() => {
    if (state.phase !== 'loaded' || state.more.phase === 'loading' || state.endCursor === null) return;
    const signal = viewScope.current.signal;
    setState({ ...state, more: { phase: 'loading' } });
    void fetchPage(token, JSON.parse(key) as object, state.endCursor, signal).then((result) => {
      if (result === 'aborted') return;
      if (result.kind === 'unauthenticated') return onUnauthenticatedFn(result.message);
      setState((current) => {
        if (current.phase !== 'loaded') return current;
        if (result.kind !== 'ok') return { ...current, more: { phase: 'failed', failure: result } };
        const page = result.data.messages;
        return {
          phase: 'loaded',
          nodes: [...current.nodes, ...page.nodes],
          hasNextPage: page.pageInfo.hasNextPage,
          endCursor: page.pageInfo.endCursor ?? current.endCursor,
          partial: current.partial || page.partial,
          unreachableCells: mergeNames(current.unreachableCells, page.unreachableCells),
          more: { phase: 'idle' },
        };
      });
    });
  }, [state, token, key, onUnauthenticatedFn]);

  const remove = useCallback((ids: ReadonlySet<string>) => {
    setState((current) =>
      current.phase === 'loaded'
        ? { ...current, nodes: current.nodes.filter((node) => !ids.has(node.id)) }
        : current,
    );
  }, []);
  const reload = useCallback(() => setReloads((count) => count + 1), []);

  return { state, loadMore, remove, reload };
}

async function fetchPage(token: string, variables: object, after: string | null, signal: AbortSignal) {
  try {
    return await postGraphql<MessagesAnswer>(
      token,
      MESSAGES_QUERY,
      { ...variables, ...(after === null ? {} : { after }) },
      { signal },
    );
  } catch {
    return 'aborted' as const;
  }
}

function mergeNames(
  known: readonly string[] | null,
  more: readonly string[] | null,
): readonly string[] | null {
  if (known === null && more === null) return null;
  return [...new Set([...(known ?? []), ...(more ?? [])])].sort();
}

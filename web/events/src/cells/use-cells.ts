import { useEffect, useState } from 'preact/hooks';

import { postGraphql, type GraphqlFailure } from '../api/graphql-client.js';
import { CELLS_QUERY, type CellNode, type CellsAnswer } from '../api/operations.js';

/** How often the cells panel asks again, in milliseconds. */
export const CELLS_REFRESH_MS = 5_000;

/** The cells panel's data; a failed refresh keeps the last answer and says when it was read. */
export type CellsState =
  | { readonly phase: 'loading' }
  | {
      readonly phase: 'loaded';
      readonly cells: readonly CellNode[] | null;
      /** When `cells` was read (ISO 8601). */
      readonly readAt: string | null;
      /** Why the newest refresh failed, if it did. */
      readonly failure: GraphqlFailure | null;
    };

/**
 * Polls the `cells` query (admin only) every `CELLS_REFRESH_MS` after the previous answer, so that a slow gateway
 * is never asked twice at once. Stops when the panel unmounts.
 */
export function useCells(token: string, onUnauthenticatedFn: (message: string) => void): CellsState {
  const [state, setState] = useState<CellsState>({ phase: 'loading' });
  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let result;
      try {
        result = await postGraphql<CellsAnswer>(token, CELLS_QUERY, {}, { signal: controller.signal });
      } catch {
        return; // aborted: the panel is gone
      }
      if (result.kind === 'unauthenticated') return onUnauthenticatedFn(result.message);
      if (result.kind === 'ok') {
        setState({
          phase: 'loaded',
          cells: result.data.cells,
          readAt: new Date().toISOString(),
          failure: null,
        });
      } else {
        setState((current) =>
          current.phase === 'loaded'
            ? { ...current, failure: result }
            : { phase: 'loaded', cells: null, readAt: null, failure: result },
        );
      }
      timer = setTimeout(() => void poll(), CELLS_REFRESH_MS);
    };
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [token, onUnauthenticatedFn]);
  return state;
}

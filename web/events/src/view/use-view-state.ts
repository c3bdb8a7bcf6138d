import { useCallback, useEffect, useState } from 'preact/hooks';

import { formatViewState, parseViewState, type ViewState } from './view-state.js';

/**
 * The view, kept in the page's URL: a change pushes a history entry (so Back undoes it and the address bar can be
 * shared), and Back or Forward bring the view of that entry back.
 */
export function useViewState(): readonly [ViewState, (next: ViewState) => void] {
  const [view, setView] = useState(() => parseViewState(window.location.search));

  useEffect(() => {
    const onPopState = () => setView(parseViewState(window.location.search));
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const navigate = useCallback((next: ViewState) => {
    const search = formatViewState(next);
    if (search !== window.location.search)
      window.history.pushState(null, '', window.location.pathname + search);
    setView(parseViewState(search));
  }, []);

  return [view, navigate] as const;
}

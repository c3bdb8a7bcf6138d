const STORAGE_KEY = 'cellgate.eventViewer.token';

/**
 * Where the page keeps the bearer token: the browser's sessionStorage (gone when the tab closes), never a URL.
 *
 * A token handed over in the fragment (`/events#token=<JWT>`, as `npm start` prints it) is moved into storage
 * and removed from the address bar, so that copying the page's URL to share a view never copies the token.
 */
export const tokenStore = {
  /** Takes a `#token=` from the fragment (replacing the stored one), then answers the stored token, if any. */
  load(): string | null {
    const fromFragment = new URLSearchParams(window.location.hash.slice(1)).get('token');
    if (fromFragment !== null && fromFragment.trim() !== '') {
      this.save(fromFragment.trim());
      window.history.replaceState(
        window.history.state,
        '',
        window.location.pathname + window.location.search,
      );
    }
    return window.sessionStorage.getItem(STORAGE_KEY);
  },
  save(token: string): void {
    window.sessionStorage.setItem(STORAGE_KEY, token);
  },
  clear(): void {
    window.sessionStorage.removeItem(STORAGE_KEY);
  },
};

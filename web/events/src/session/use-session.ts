import { useCallback, useEffect, useState } from 'preact/hooks';

import { postGraphql, type GraphqlFailure } from '../api/graphql-client.js';
import { CELLS_QUERY, type CellsAnswer } from '../api/operations.js';
import { tokenStore } from './token-store.js';

/** Who is signed in, as the gateway says: only admins may list cells; `member` also covers readers. */
export type Role = 'admin' | 'member';

/** The sign-in lifecycle of the page. */
export type Session =
  | { readonly phase: 'signed-out'; readonly refusal: string | null }
  | { readonly phase: 'checking'; readonly token: string }
  | { readonly phase: 'signed-in'; readonly token: string; readonly role: Role }
  | { readonly phase: 'failed'; readonly token: string; readonly failure: GraphqlFailure };

/** The session and its transitions. */
export interface SessionControls {
  readonly session: Session;
  signIn(token: string): void;
  /** Forgets the token; `refusal` says why when the gateway refused it. */
  signOut(refusal?: string): void;
  retry(): void;
}

/**
 * Holds the bearer token (see `tokenStore`) and asks the gateway who it belongs to with the `cells` query:
 * an answer means admin, `FORBIDDEN` means a member (or reader), HTTP 401 sends the user back to sign in.
 * The page does not read roles from the token itself: the roles claim is configurable on the server.
 */
export function useSession(): SessionControls {
  const [session, setSession] = useState<Session>(() => {
    const token = tokenStore.load();
    return token === null ? { phase: 'signed-out', refusal: null } : { phase: 'checking', token };
  });

  const signOut = useCallback((refusal?: string) => {
    tokenStore.clear();
    setSession({ phase: 'signed-out', refusal: refusal ?? null });
  }, []);
  const signIn = useCallback((token: string) => {
    tokenStore.save(token);
    setSession({ phase: 'checking', token });
  }, []);
  const retry = useCallback(() => {
    setSession((current) =>
      current.phase === 'failed' ? { phase: 'checking', token: current.token } : current,
    );
  }, []);

  const checkingToken = session.phase === 'checking' ? session.token : null;
  useEffect(() => {
    if (checkingToken === null) return;
    let isCurrent = true;
    void postGraphql<CellsAnswer>(checkingToken, CELLS_QUERY, {}).then((result) => {
      if (!isCurrent) return;
      if (result.kind === 'ok') {
        setSession({ phase: 'signed-in', token: checkingToken, role: 'admin' });
      } else if (result.kind === 'unauthenticated') {
        signOut(`The gateway refused the token: ${result.message}`);
      } else if (result.kind === 'errors' && result.errors.every((error) => error.code === 'FORBIDDEN')) {
        setSession({ phase: 'signed-in', token: checkingToken, role: 'member' });
      } else {
        setSession({ phase: 'failed', token: checkingToken, failure: result });
      }
    });
    return () => {
      isCurrent = false;
    };
  }, [checkingToken, signOut]);

  return { session, signIn, signOut, retry };
}

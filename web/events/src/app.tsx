import { EventsPage } from './events-page.js';
import { SignIn } from './session/sign-in.js';
import { useSession } from './session/use-session.js';
import { assertNever } from './ui/assert-never.js';
import { FailureNotice } from './ui/failure-notice.js';

/** The Event Viewer: sign in (or take the token from `#token=`), learn the role, then show the page. */
export function App() {
  const { session, signIn, signOut, retry } = useSession();
  switch (session.phase) {
    case 'signed-out':
      return <SignIn refusal={session.refusal} onSignIn={signIn} />;
    case 'checking':
      return (
        <main>
          <p role="status">Checking the token with the gateway…</p>
        </main>
      );
    case 'failed':
      return (
        <main>
          <h1>Event Viewer</h1>
          <FailureNotice what="Checking the token" failure={session.failure} onRetry={retry} />
          <button type="button" onClick={() => signOut()}>
            Sign in with another token
          </button>
        </main>
      );
    case 'signed-in':
      return <EventsPage token={session.token} role={session.role} onSignOut={signOut} />;
    default:
      return assertNever(session);
  }
}

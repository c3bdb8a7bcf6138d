import { useState } from 'preact/hooks';

/**
 * The sign-in box: a bearer token pasted by the user (`npm start` and `cellgate token` print one). The page
 * keeps it in sessionStorage only; it is sent in the `Authorization` header and never in a URL.
 */
export function SignIn({
  refusal,
  onSignIn,
}: {
  /** Why the previous token was refused, if it was. */
  readonly refusal: string | null;
  readonly onSignIn: (token: string) => void;
}) {
  const [token, setToken] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: Event) => {
    event.preventDefault();
    const value = token.trim().replace(/^Bearer\s+/i, '');
    if (value === '') {
      setProblem('Paste a token first.');
      return;
    }
    onSignIn(value);
  };
  return (
    <main class="sign-in">
      <h1>cellgate Event Viewer</h1>
      <p>See why your asynchronous requests failed: the user messages of your project, from every cell.</p>
      {refusal !== null && (
        <p class="notice notice-error" role="alert">
          {refusal}
        </p>
      )}
      <form onSubmit={submit} aria-label="Sign in">
        <label for="sign-in-token">Bearer token</label>
        <input
          id="sign-in-token"
          type="password"
          autocomplete="off"
          spellcheck={false}
          aria-describedby="sign-in-help"
          value={token}
          onInput={(event) => setToken(event.currentTarget.value)}
        />
        <p id="sign-in-help" class="muted">
          A JWT, as printed by <code>npm start</code> or <code>npx cellgate token --user U --project P</code>.
          It is kept in this tab only (sessionStorage) and sent to this gateway alone.
        </p>
        {problem !== null && (
          <p class="form-problem" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" class="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}

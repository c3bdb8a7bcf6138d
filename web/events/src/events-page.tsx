import { useCallback } from 'preact/hooks';

import { CellsPanel } from './cells/cells-panel.js';
import { FilterForm } from './messages/filter-form.js';
import { MessagesSection } from './messages/messages-section.js';
import { ResourcePanel } from './resource/resource-panel.js';
import type { Role } from './session/use-session.js';
import { useViewState } from './view/use-view-state.js';

/**
 * The signed-in page: the cells panel (admins), the filters, the detail panel of the resource picked in the
 * table, and the messages. The view (filters, panel) lives in the URL; the token does not.
 */
export function EventsPage({
  token,
  role,
  onSignOut,
}: {
  readonly token: string;
  readonly role: Role;
  readonly onSignOut: (refusal?: string) => void;
}) {
  const [view, navigate] = useViewState();
  const isAdmin = role === 'admin';
  const onUnauthenticated = useCallback(
    (message: string) => onSignOut(`The gateway refused the token: ${message}`),
    [onSignOut],
  );
  return (
    <>
      <header class="page-head">
        <h1>Event Viewer</h1>
        <p class="who">
          {isAdmin
            ? `Signed in as an admin · ${view.allProjects ? 'all projects' : 'own project'}`
            : 'Signed in · your project'}
        </p>
        <nav aria-label="Other pages">
          <a href="/graphiql">GraphiQL</a>
        </nav>
        <button type="button" onClick={() => onSignOut()}>
          Sign out
        </button>
      </header>
      <main>
        {isAdmin && <CellsPanel token={token} onUnauthenticatedFn={onUnauthenticated} />}
        <FilterForm view={view} isAdmin={isAdmin} onApply={navigate} />
        {view.resource !== null && (
          <ResourcePanel
            token={token}
            resource={view.resource}
            isAllProjects={isAdmin && view.allProjects}
            onClose={() => navigate({ ...view, resource: null })}
            onUnauthenticatedFn={onUnauthenticated}
          />
        )}
        <MessagesSection
          token={token}
          view={view}
          isAdmin={isAdmin}
          onNavigate={navigate}
          onUnauthenticatedFn={onUnauthenticated}
        />
      </main>
    </>
  );
}

import { useCallback, useEffect, useState } from 'preact/hooks';

import { FailureNotice } from '../ui/failure-notice.js';
import { formatViewState, hasFilters, type ResourceRef, type ViewState } from '../view/view-state.js';
import { DeleteDialog } from './delete-dialog.js';
import { MessagesTable } from './messages-table.js';
import { PartialNotice } from './partial-notice.js';
import { useDeleteMessages, type DeleteState } from './use-delete-messages.js';
import { useMessages } from './use-messages.js';

/**
 * The messages part of the page: the toolbar (count, refresh, delete selected), the partial notice, the table
 * with its loading, empty and error states, and "Load more".
 */
export function MessagesSection({
  token,
  view,
  isAdmin,
  onNavigate,
  onUnauthenticatedFn,
}: {
  readonly token: string;
  readonly view: ViewState;
  readonly isAdmin: boolean;
  readonly onNavigate: (next: ViewState) => void;
  readonly onUnauthenticatedFn: (message: string) => void;
}) {
  const messages = useMessages({ token, view, isAdmin, onUnauthenticatedFn });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const { remove } = messages;
  const onDeletedFn = useCallback(
    (ids: ReadonlySet<string>) => {
      remove(ids);
      setSelected((current) => new Set([...current].filter((id) => !ids.has(id))));
    },
    [remove],
  );
  const deletion = useDeleteMessages({ token, onDeletedFn, onUnauthenticatedFn });

  const { state } = messages;
  // A new list (other filters, a reload) starts with nothing selected.
  useEffect(() => {
    if (state.phase === 'loading') setSelected(new Set());
  }, [state.phase]);

  const nodes = state.phase === 'loaded' ? state.nodes : [];
  const selectedNodes = nodes.filter((node) => selected.has(node.id));
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const toggleAll = (isSelected: boolean) =>
    setSelected(new Set(isSelected ? nodes.map((node) => node.id) : []));
  const confirmingIds =
    deletion.state.phase === 'confirming' || deletion.state.phase === 'deleting' ? deletion.state.ids : null;
  const resourceHref = (resource: ResourceRef) => `/events${formatViewState({ ...view, resource })}`;
  const openResource = (resource: ResourceRef) => onNavigate({ ...view, resource });

  return (
    <section class="messages-section" aria-labelledby="messages-title">
      <div class="toolbar">
        <h2 id="messages-title">Messages</h2>
        <p class="count" role="status">
          {state.phase === 'loaded' && countText(nodes.length, state.hasNextPage)}
        </p>
        <button type="button" onClick={messages.reload} disabled={state.phase === 'loading'}>
          Refresh
        </button>
        <button
          type="button"
          class="danger"
          disabled={selectedNodes.length === 0 || deletion.state.phase === 'deleting'}
          onClick={() => deletion.ask(selectedNodes.map((node) => node.id))}
        >
          Delete selected ({selectedNodes.length})
        </button>
      </div>
      <DeleteOutcome state={deletion.state} />
      {confirmingIds !== null && (
        <DeleteDialog
          messages={nodes.filter((node) => confirmingIds.includes(node.id))}
          isDeleting={deletion.state.phase === 'deleting'}
          onConfirm={deletion.confirm}
          onCancel={deletion.cancel}
        />
      )}
      {state.phase === 'loaded' && state.partial && (
        <PartialNotice what="This list" unreachableCells={state.unreachableCells} />
      )}
      {state.phase === 'loading' && (
        <p class="placeholder" role="status">
          Loading messages…
        </p>
      )}
      {state.phase === 'failed' && (
        <FailureNotice what="Loading messages" failure={state.failure} onRetry={messages.reload} />
      )}
      {state.phase === 'loaded' && nodes.length === 0 && (
        <p class="placeholder" role="status">
          {hasFilters(view)
            ? 'No message matches these filters.'
            : 'There are no messages: none of your requests has failed (or their messages expired or were deleted).'}
        </p>
      )}
      {state.phase === 'loaded' && nodes.length > 0 && (
        <MessagesTable
          nodes={nodes}
          selected={selected}
          onToggle={toggle}
          onToggleAll={toggleAll}
          resourceHref={resourceHref}
          onOpenResource={openResource}
          isBusy={state.more.phase === 'loading'}
        />
      )}
      {state.phase === 'loaded' && state.more.phase === 'failed' && (
        <FailureNotice
          what="Loading more messages"
          failure={state.more.failure}
          onRetry={messages.loadMore}
        />
      )}
      {state.phase === 'loaded' && state.hasNextPage && state.more.phase !== 'failed' && (
        <div class="more">
          <button type="button" onClick={messages.loadMore} disabled={state.more.phase === 'loading'}>
            {state.more.phase === 'loading' ? 'Loading more…' : `Load ${view.pageSize} more`}
          </button>
        </div>
      )}
    </section>
  );
}

function DeleteOutcome({ state }: { readonly state: DeleteState }) {
  if (state.phase === 'failed') return <FailureNotice what="Deleting messages" failure={state.failure} />;
  if (state.phase !== 'done') return null;
  const deleted = `Deleted ${state.deleted} ${state.deleted === 1 ? 'message' : 'messages'}.`;
  const missed =
    state.missed === 0 ? '' : ` ${state.missed} could not be deleted: already gone, expired, or not yours.`;
  return (
    <p class="notice notice-ok" role="status">
      {deleted}
      {missed}
    </p>
  );
}

function countText(count: number, hasNextPage: boolean): string {
  const noun = count === 1 ? 'message' : 'messages';
  return hasNextPage ? `${count} ${noun} shown; more are available.` : `${count} ${noun}.`;
}

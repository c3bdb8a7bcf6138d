import { useEffect, useRef } from 'preact/hooks';

import type { MessageNode } from '../api/operations.js';

/**
 * Asks before deleting the selected messages: a modal `<dialog>` (focus stays inside, Escape cancels), with
 * "Cancel" focused first so that Enter alone deletes nothing.
 */
export function DeleteDialog({
  messages,
  isDeleting,
  onConfirm,
  onCancel,
}: {
  readonly messages: readonly MessageNode[];
  readonly isDeleting: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    element.showModal();
    cancelButton.current?.focus();
    return () => element.close();
  }, []);
  const count = messages.length;
  const noun = count === 1 ? 'message' : 'messages';
  return (
    <dialog
      ref={dialog}
      class="confirm"
      aria-labelledby="delete-title"
      onCancel={(event) => {
        event.preventDefault();
        if (!isDeleting) onCancel();
      }}
    >
      <h2 id="delete-title">
        Delete {count} {noun}?
      </h2>
      <p>This cannot be undone. The resources they are about are not changed.</p>
      <ul class="delete-list">
        {messages.map((message) => (
          <li key={message.id}>
            <code>{message.eventId}</code> {message.userMessage}
          </li>
        ))}
      </ul>
      <div class="actions">
        <button type="button" ref={cancelButton} onClick={onCancel} disabled={isDeleting}>
          Cancel
        </button>
        <button type="button" class="danger" onClick={onConfirm} disabled={isDeleting}>
          {isDeleting ? 'Deleting…' : `Delete ${count} ${noun}`}
        </button>
      </div>
    </dialog>
  );
}

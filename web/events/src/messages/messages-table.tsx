import type { MessageNode } from '../api/operations.js';
import { DateTime } from '../ui/date-time.js';
import { RESOURCE_LABELS } from '../ui/resource-labels.js';
import type { ResourceRef } from '../view/view-state.js';

/**
 * The messages as a table with the contract's columns (`Project`, `Event ID`, `Resource`, `Resource ID`,
 * `Request ID`, `Level`, `Created`, `Message`) after a selection column. A resource id opens the resource's
 * detail panel; the panel's link also goes into the page's URL.
 */
export function MessagesTable({
  nodes,
  selected,
  onToggle,
  onToggleAll,
  resourceHref,
  onOpenResource,
  isBusy,
}: {
  readonly nodes: readonly MessageNode[];
  readonly selected: ReadonlySet<string>;
  readonly onToggle: (id: string) => void;
  readonly onToggleAll: (isSelected: boolean) => void;
  readonly resourceHref: (resource: ResourceRef) => string;
  readonly onOpenResource: (resource: ResourceRef) => void;
  readonly isBusy: boolean;
}) {
  const selectedCount = nodes.filter((node) => selected.has(node.id)).length;
  const isAllSelected = nodes.length > 0 && selectedCount === nodes.length;
  return (
    <div class="table-scroll" role="region" aria-label="Messages table" tabIndex={0}>
      <table class="messages" aria-busy={isBusy}>
        <caption class="visually-hidden">Messages, newest first</caption>
        <thead>
          <tr>
            <th scope="col" class="select">
              <input
                type="checkbox"
                aria-label="Select every message shown"
                checked={isAllSelected}
                indeterminate={selectedCount > 0 && !isAllSelected}
                onChange={(event) => onToggleAll(event.currentTarget.checked)}
              />
            </th>
            <th scope="col">Project</th>
            <th scope="col">Event ID</th>
            <th scope="col">Resource</th>
            <th scope="col">Resource ID</th>
            <th scope="col">Request ID</th>
            <th scope="col">Level</th>
            <th scope="col">Created</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {nodes.map((node) => (
            <tr
              key={node.id}
              data-message-id={node.id}
              class={selected.has(node.id) ? 'is-selected' : undefined}
            >
              <td class="select">
                <input
                  type="checkbox"
                  aria-label={`Select message ${node.eventId} about ${RESOURCE_LABELS[node.resourceType].toLowerCase()} ${node.resourceId ?? ''}`}
                  checked={selected.has(node.id)}
                  onChange={() => onToggle(node.id)}
                />
              </td>
              <td>{node.projectId ?? <span class="muted">none</span>}</td>
              <td>
                <code>{node.eventId}</code>
              </td>
              <td>{RESOURCE_LABELS[node.resourceType]}</td>
              <td class="id">
                {node.resourceId === null ? (
                  <span class="muted">none</span>
                ) : (
                  <ResourceLink
                    resource={{ type: node.resourceType, id: node.resourceId }}
                    href={resourceHref}
                    onOpen={onOpenResource}
                  />
                )}
              </td>
              <td class="id">
                {node.requestId === null ? <span class="muted">none</span> : <code>{node.requestId}</code>}
              </td>
              <td>
                <span class={`level level-${node.messageLevel.toLowerCase()}`}>{node.messageLevel}</span>
              </td>
              <td class="nowrap">
                <DateTime iso={node.createdAt} />
              </td>
              <td class="text">{node.userMessage}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A link that opens the detail panel in place (and still works as a link: new tab, copy address). */
function ResourceLink({
  resource,
  href,
  onOpen,
}: {
  readonly resource: ResourceRef;
  readonly href: (resource: ResourceRef) => string;
  readonly onOpen: (resource: ResourceRef) => void;
}) {
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    onOpen(resource);
  };
  return (
    <a
      href={href(resource)}
      onClick={onClick}
      aria-label={`Show ${RESOURCE_LABELS[resource.type].toLowerCase()} ${resource.id}`}
    >
      <code>{resource.id}</code>
    </a>
  );
}

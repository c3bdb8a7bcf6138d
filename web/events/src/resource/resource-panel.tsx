import { useEffect, useRef } from 'preact/hooks';

import type { FaultNode, ResourceNode } from '../api/operations.js';
import { PartialNotice } from '../messages/partial-notice.js';
import { DateTime } from '../ui/date-time.js';
import { FailureNotice } from '../ui/failure-notice.js';
import { RESOURCE_LABELS } from '../ui/resource-labels.js';
import type { ResourceRef } from '../view/view-state.js';
import { useResource } from './use-resource.js';

/**
 * The detail panel of one server or share: its status, its fault (servers; `details` only reach admins) and
 * every message about it. It takes the focus when it opens, so that keyboard and screen reader users land on it.
 */
export function ResourcePanel({
  token,
  resource,
  isAllProjects,
  onClose,
  onUnauthenticatedFn,
}: {
  readonly token: string;
  readonly resource: ResourceRef;
  readonly isAllProjects: boolean;
  readonly onClose: () => void;
  readonly onUnauthenticatedFn: (message: string) => void;
}) {
  const [state, reload] = useResource({ token, resource, isAllProjects, onUnauthenticatedFn });
  const panel = useRef<HTMLElement>(null);
  useEffect(() => panel.current?.focus(), [resource.type, resource.id]);
  const label = RESOURCE_LABELS[resource.type];
  return (
    <section class="panel resource-panel" ref={panel} tabIndex={-1} aria-labelledby="resource-title">
      <div class="panel-head">
        <h2 id="resource-title">
          {label} <code>{resource.id}</code>
        </h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {state.phase === 'loading' && <p role="status">Loading the {label.toLowerCase()} and its messages…</p>}
      {state.phase === 'failed' && (
        <FailureNotice what={`Loading the ${label.toLowerCase()}`} failure={state.failure} onRetry={reload} />
      )}
      {state.phase === 'loaded' && (
        <>
          {state.resource === null ? (
            <p class="notice">
              This {label.toLowerCase()} no longer exists or is not visible to you (it may have been deleted).
              Its messages outlive it and are listed below.
            </p>
          ) : (
            <ResourceFacts resource={state.resource} />
          )}
          {state.messages.partial && (
            <PartialNotice what="This list of messages" unreachableCells={state.messages.unreachableCells} />
          )}
          <h3>Messages about this {label.toLowerCase()}</h3>
          {state.messages.nodes.length === 0 ? (
            <p>There are no messages about this {label.toLowerCase()}.</p>
          ) : (
            <ul class="resource-messages">
              {state.messages.nodes.map((message) => (
                <li key={message.id}>
                  <DateTime iso={message.createdAt} /> <code>{message.eventId}</code> {message.userMessage}
                  {message.requestId !== null && (
                    <>
                      {' '}
                      <span class="muted">
                        (request <code>{message.requestId}</code>)
                      </span>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

function ResourceFacts({ resource }: { readonly resource: ResourceNode }) {
  return (
    <dl class="facts">
      <dt>Name</dt>
      <dd>{resource.name ?? <span class="muted">none</span>}</dd>
      <dt>Status</dt>
      <dd>
        <span class={`status status-${resource.status.toLowerCase()}`}>{resource.status}</span>
      </dd>
      <dt>Project</dt>
      <dd>{resource.projectId ?? <span class="muted">unknown</span>}</dd>
      {resource.fault !== undefined && (
        <>
          <dt>Fault</dt>
          <dd>
            {resource.fault === null ? <span class="muted">none</span> : <Fault fault={resource.fault} />}
          </dd>
        </>
      )}
    </dl>
  );
}

function Fault({ fault }: { readonly fault: FaultNode }) {
  return (
    <div class="fault">
      <p>
        <strong>{fault.code}</strong> {fault.message}{' '}
        <span class="muted">
          (<DateTime iso={fault.created} />)
        </span>
      </p>
      {fault.details !== null && <pre class="fault-details">{fault.details}</pre>}
    </div>
  );
}

import { useEffect, useState } from 'preact/hooks';

import type { MessageLevel, ResourceType } from '../api/operations.js';
import { localDateTime } from '../ui/local-date-time.js';
import { DEFAULT_VIEW, PAGE_SIZES, formatViewState, type ViewState } from '../view/view-state.js';

/** The form's fields, as the inputs hold them. */
interface Draft {
  readonly resourceType: string;
  readonly level: string;
  readonly requestId: string;
  readonly since: string;
  readonly before: string;
  readonly pageSize: string;
  readonly allProjects: boolean;
}

/**
 * The filters of the messages table (resource type, level, request id, created since / before), the page size
 * and, for admins, the switch to every project. Nothing changes until the form is submitted (Enter or "Apply");
 * then the view, and with it the page's URL, takes the new values.
 */
export function FilterForm({
  view,
  isAdmin,
  onApply,
}: {
  readonly view: ViewState;
  readonly isAdmin: boolean;
  readonly onApply: (next: ViewState) => void;
}) {
  const [draft, setDraft] = useState(() => draftOf(view));
  const [problem, setProblem] = useState<string | null>(null);
  // Back and Forward change the view under the form: show what is applied.
  const applied = formatViewState({ ...view, resource: null });
  useEffect(() => {
    setDraft(draftOf(view));
    setProblem(null);
  }, [applied]);

  const set = (field: keyof Draft) => (event: Event) => {
    const target = event.currentTarget as HTMLInputElement | HTMLSelectElement;
    const value =
      target instanceof HTMLInputElement && target.type === 'checkbox' ? target.checked : target.value;
    setDraft((current) => ({ ...current, [field]: value }));
  };

  const submit = (event: Event) => {
    event.preventDefault();
    const since = localDateTime.toIso(draft.since);
    const before = localDateTime.toIso(draft.before);
    if (since !== null && before !== null && since > before) {
      setProblem('"Created since" is later than "Created before": no message can match.');
      return;
    }
    setProblem(null);
    onApply({
      ...view,
      resourceType: (draft.resourceType || null) as ResourceType | null,
      level: (draft.level || null) as MessageLevel | null,
      requestId: draft.requestId.trim() || null,
      since,
      before,
      pageSize: Number(draft.pageSize),
      allProjects: isAdmin && draft.allProjects,
    });
  };

  const clear = () => onApply({ ...DEFAULT_VIEW, pageSize: view.pageSize, allProjects: view.allProjects });

  return (
    <form class="filters" onSubmit={submit} aria-label="Filter messages">
      <div class="field">
        <label for="filter-resource-type">Resource type</label>
        <select id="filter-resource-type" value={draft.resourceType} onChange={set('resourceType')}>
          <option value="">Any</option>
          <option value="SERVER">Server</option>
          <option value="SHARE">Share</option>
        </select>
      </div>
      <div class="field">
        <label for="filter-level">Level</label>
        <select id="filter-level" value={draft.level} onChange={set('level')}>
          <option value="">Any</option>
          <option value="ERROR">Error</option>
        </select>
      </div>
      <div class="field field-wide">
        <label for="filter-request-id">Request ID</label>
        <input
          id="filter-request-id"
          type="search"
          placeholder="req-…"
          spellcheck={false}
          autocomplete="off"
          value={draft.requestId}
          onInput={set('requestId')}
        />
      </div>
      <div class="field">
        <label for="filter-since">Created since</label>
        <input id="filter-since" type="datetime-local" step={1} value={draft.since} onInput={set('since')} />
      </div>
      <div class="field">
        <label for="filter-before">Created before</label>
        <input
          id="filter-before"
          type="datetime-local"
          step={1}
          value={draft.before}
          onInput={set('before')}
        />
      </div>
      <div class="field">
        <label for="filter-page-size">Per page</label>
        <select id="filter-page-size" value={draft.pageSize} onChange={set('pageSize')}>
          {pageSizeOptions(view.pageSize).map((size) => (
            <option key={size} value={String(size)}>
              {size}
            </option>
          ))}
        </select>
      </div>
      {isAdmin && (
        <div class="field field-check">
          <input
            id="filter-all-projects"
            type="checkbox"
            checked={draft.allProjects}
            onChange={set('allProjects')}
          />
          <label for="filter-all-projects">All projects</label>
        </div>
      )}
      <div class="actions">
        <button type="submit" class="primary">
          Apply filters
        </button>
        <button type="button" onClick={clear}>
          Clear
        </button>
      </div>
      {problem !== null && (
        <p class="form-problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}

function draftOf(view: ViewState): Draft {
  return {
    resourceType: view.resourceType ?? '',
    level: view.level ?? '',
    requestId: view.requestId ?? '',
    since: localDateTime.fromIso(view.since),
    before: localDateTime.fromIso(view.before),
    pageSize: String(view.pageSize),
    allProjects: view.allProjects,
  };
}

/** The offered sizes, plus a size that came in a shared link. */
function pageSizeOptions(current: number): readonly number[] {
  return PAGE_SIZES.includes(current) ? PAGE_SIZES : [...PAGE_SIZES, current].sort((a, b) => a - b);
}

import type { CellNode } from '../api/operations.js';
import { DateTime } from '../ui/date-time.js';
import { FailureNotice } from '../ui/failure-notice.js';
import { CELLS_REFRESH_MS, useCells } from './use-cells.js';

/**
 * The operators' view of the cells (admins only): each cell's name, zone, state, breaker, latency of its last
 * answered query and last error, refreshed every few seconds.
 */
export function CellsPanel({
  token,
  onUnauthenticatedFn,
}: {
  readonly token: string;
  readonly onUnauthenticatedFn: (message: string) => void;
}) {
  const state = useCells(token, onUnauthenticatedFn);
  return (
    <section class="panel cells-panel" aria-labelledby="cells-title">
      <div class="panel-head">
        <h2 id="cells-title">Cells</h2>
        <p class="muted" aria-live="off">
          {state.phase === 'loaded' && state.readAt !== null ? (
            <>
              Read <DateTime iso={state.readAt} />; refreshed every {CELLS_REFRESH_MS / 1000} s
            </>
          ) : (
            `Refreshed every ${CELLS_REFRESH_MS / 1000} s`
          )}
        </p>
      </div>
      {state.phase === 'loading' && <p role="status">Loading the cells…</p>}
      {state.phase === 'loaded' && state.failure !== null && (
        <FailureNotice what="Refreshing the cells" failure={state.failure} />
      )}
      {state.phase === 'loaded' && state.cells !== null && <CellsTable cells={state.cells} />}
    </section>
  );
}

function CellsTable({ cells }: { readonly cells: readonly CellNode[] }) {
  if (cells.length === 0) return <p>No cell is registered.</p>;
  return (
    <div class="table-scroll" role="region" aria-label="Cells table" tabIndex={0}>
      <table class="cells">
        <caption class="visually-hidden">Cells and their health</caption>
        <thead>
          <tr>
            <th scope="col">Cell</th>
            <th scope="col">Zone</th>
            <th scope="col">State</th>
            <th scope="col">Breaker</th>
            <th scope="col">Latency</th>
            <th scope="col">Last error</th>
          </tr>
        </thead>
        <tbody>
          {cells.map((cell) => (
            <tr key={cell.name} data-cell={cell.name}>
              <th scope="row">{cell.name}</th>
              <td>{cell.availabilityZone ?? <span class="muted">none</span>}</td>
              <td>
                <span class={`state state-${cell.state.toLowerCase()}`}>{cell.state}</span>
              </td>
              <td>
                <span class={`breaker breaker-${cell.breaker.toLowerCase().replace('_', '-')}`}>
                  {cell.breaker}
                </span>
              </td>
              <td class="number">
                {cell.latencyMs === null ? <span class="muted">none</span> : `${formatMs(cell.latencyMs)} ms`}
              </td>
              <td class="text">{cell.lastError ?? <span class="muted">none</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function formatMs(value: number): string {
  return value < 10 ? value.toFixed(1) : Math.round(value).toLocaleString();
}

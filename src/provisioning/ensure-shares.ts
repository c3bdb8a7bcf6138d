import { assertCan } from '../auth/policy.js';
import type { Service } from '../cell-db/service.js';
import {
  findServiceRow,
  flagServiceEnsuring,
  listServiceRows,
  serviceRowToService,
} from '../cell-db/service.repository.js';
import { enqueueTask } from '../cell-db/task.repository.js';
import { ErrorCode } from '../errors/error-codes.js';
import { unreachableCellsOf } from '../fanout/cell-outcome.js';
import { GatewayError } from '../errors/gateway-error.js';
import { cellUnavailableError } from '../listing/cell-unavailable.js';
import { inputError } from './input-error.js';
import type { ProvisionContext } from './provision-context.js';

/**
 * Starts ensure shares on one backend (Manila's `POST /services/ensure-shares`, seed 002), for admins only.
 *
 * Finds the share service of `host` ("host@backend") in the cells; `NOT_FOUND` when no cell has it (or
 * `CELL_UNAVAILABLE` when a cell that may have it did not answer); `CONFLICT` when the service is down ("The
 * service must have its state set to 'up' prior to running ensure shares.") or already ensuring. Then, in one
 * transaction of its cell, flags the service `ensuring` (only if it is not yet) and queues an `ensure_shares`
 * task. Answers at once with `ensuring: true`; the cell's worker does the rest.
 */
export async function ensureShares(ctx: ProvisionContext, host: string): Promise<Service> {
  assertCan(ctx.viewer, 'Mutation.ensureShares');
  if (!/^[^@\s]+@[^@\s]+$/.test(host)) {
    throw inputError('host', `host must look like "host@backend", got "${host}".`);
  }
  const outcomes = await ctx.fanout.scatterGather(ctx.cells, (db) =>
    listServiceRows(db, { binary: 'share', host }),
  );
  const found = outcomes.flatMap((outcome) =>
    outcome.status === 'ok' ? outcome.value.map((row) => ({ row, cell: outcome.cell })) : [],
  );
  const unreachable = unreachableCellsOf(outcomes);
  const entry = found[0];
  if (!entry) {
    if (unreachable.length > 0) {
      throw cellUnavailableError(
        ctx.viewer,
        `The cell that may hold share service "${host}" did not answer.`,
        unreachable,
      );
    }
    throw new GatewayError(ErrorCode.NotFound, `share binary for "${host}" host not found.`);
  }
  const serviceDownTimeS = ctx.config.workers.serviceDownTimeS;
  const service = serviceRowToService(entry.row, entry.cell.name, serviceDownTimeS);
  if (service.state !== 'UP') {
    throw new GatewayError(
      ErrorCode.Conflict,
      "The service must have its state set to 'up' prior to running ensure shares.",
    );
  }
  const outcome = await ctx.fanout.query(entry.cell, (db) =>
    db.transaction().execute(async (trx) => {
      const now = new Date();
      if (!(await flagServiceEnsuring(trx, entry.row.id, now))) return undefined;
      await enqueueTask(
        trx,
        { kind: 'ensure_shares', resourceId: host, requestId: ctx.requestId, payload: { host } },
        now,
      );
      return findServiceRow(trx, entry.row.id);
    }),
  );
  if (outcome.status !== 'ok') {
    throw cellUnavailableError(
      ctx.viewer,
      `The cell of share service "${host}" did not answer; nothing was changed.`,
      [entry.cell],
    );
  }
  if (!outcome.value)
    throw new GatewayError(ErrorCode.Conflict, `Share service "${host}" is already ensuring its shares.`);
  ctx.logger.info(
    { event: 'ensure_shares.requested', requestId: ctx.requestId, host },
    'ensure shares requested',
  );
  return serviceRowToService(outcome.value, entry.cell.name, serviceDownTimeS);
}

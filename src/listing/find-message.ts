import { findMessageRow, type MessageRow } from '../cell-db/message.repository.js';
import { unreachableCellsOf } from '../fanout/cell-outcome.js';
import type { CellMapping } from '../registry/cell-mapping.js';
import type { ListContext } from './list-context.js';

/** A message's row (deleted and expired ones included) and cell, if found, and the cells that did not answer. */
export interface MessageLookup {
  readonly found: { readonly row: MessageRow; readonly cell: CellMapping } | undefined;
  readonly unreachable: readonly CellMapping[];
}

/**
 * Looks message `id` up in every cell at once: messages have no mapping in the API database (Cinder and Manila
 * keep them next to their resources). The first cell, in registration order, that has it wins; the cells that did
 * not answer may have it too.
 */
export async function findMessage(ctx: ListContext, id: string): Promise<MessageLookup> {
  const outcomes = await ctx.fanout.scatterGather(ctx.cells, (db) => findMessageRow(db, id));
  const [found] = outcomes.flatMap((outcome) =>
    outcome.status === 'ok' && outcome.value ? [{ row: outcome.value, cell: outcome.cell }] : [],
  );
  return { found, unreachable: unreachableCellsOf(outcomes) };
}

import type { Task } from '../cell-db/task.repository.js';
import { assertNever } from '../util/assert-never.js';
import { buildServer } from './handlers/build-server.handler.js';
import { createShareOnBackend } from './handlers/create-share.handler.js';
import { deleteResource } from './handlers/delete-resource.handler.js';
import { ensureSharesOnBackend } from './handlers/ensure-shares.handler.js';
import { failSchedule } from './handlers/fail-schedule.handler.js';
import type { WorkerContext } from './worker-context.js';

/** Runs a claimed task with the handler of its kind (every resource kind has a `delete_<kind>` task). */
export function handleTask(ctx: WorkerContext, task: Task): Promise<void> {
  switch (task.kind) {
    case 'build_server':
      return buildServer(ctx, task);
    case 'delete_server':
      return deleteResource(ctx, task, 'server');
    case 'create_share':
      return createShareOnBackend(ctx, task);
    case 'delete_share':
      return deleteResource(ctx, task, 'share');
    case 'fail_schedule':
      return failSchedule(ctx, task);
    case 'ensure_shares':
      return ensureSharesOnBackend(ctx, task);
    default:
      return assertNever(task.kind, 'task kind');
  }
}

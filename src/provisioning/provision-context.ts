import type { Logger } from 'pino';

import type { Config } from '../config/config.js';
import type { ListContext } from '../listing/list-context.js';

/** What a mutation needs: the list context (viewer, fan-out, API database, cells) plus request and settings. */
export interface ProvisionContext extends ListContext {
  readonly requestId: string;
  readonly config: Config;
  readonly logger: Logger;
}

import type { GraphQLFormattedError } from 'graphql';

import type { Viewer } from '../auth/viewer.js';
import type { RequestFanout } from '../fanout/cell-fanout.js';
import type { ListContext } from '../listing/list-context.js';
import type { AppServices } from './app-services.js';
import type { Loaders } from './loaders.js';

/** Everything a resolver sees: who asks, the request's fan-out and loaders, and the app's services. */
export interface RequestContext {
  /** `req-<uuid>`: in the `x-request-id` header, `extensions.requestId`, and on messages the request causes. */
  readonly requestId: string;
  readonly viewer: Viewer;
  readonly fanout: RequestFanout;
  readonly loaders: Loaders;
  readonly services: AppServices;
  /** `scheme://host` of the request, for links. */
  readonly baseUrl: string;
  /** The list context of this request. */
  readonly list: ListContext;
  /** Errors to report next to data that is still valid (e.g. ids `deleteMessages` could not delete). */
  readonly extraErrors: GraphQLFormattedError[];
}

import { useEffect, useState } from 'preact/hooks';

import { postGraphql, type GraphqlFailure } from '../api/graphql-client.js';
import {
  RESOURCE_QUERY,
  type MessagePage,
  type ResourceAnswer,
  type ResourceNode,
} from '../api/operations.js';
import type { ResourceRef } from '../view/view-state.js';

/** The detail panel's data. `resource` is `null` when the server or share is gone or not the caller's. */
export type ResourceState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'failed'; readonly failure: GraphqlFailure }
  | { readonly phase: 'loaded'; readonly resource: ResourceNode | null; readonly messages: MessagePage };

/** Loads one server or share and every message about it, again whenever `resource` changes. */
export function useResource(options: {
  readonly token: string;
  readonly resource: ResourceRef;
  readonly isAllProjects: boolean;
  readonly onUnauthenticatedFn: (message: string) => void;
}): readonly [ResourceState, () => void] {
  const { token, resource, isAllProjects, onUnauthenticatedFn } = options;
  const [state, setState] = useState<ResourceState>({ phase: 'loading' });
  const [reloads, setReloads] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    setState({ phase: 'loading' });
    const variables = {
      id: resource.id,
      resourceId: resource.id,
      isServer: resource.type === 'SERVER',
      ...(isAllProjects ? { allProjects: true } : {}),
    };
    postGraphql<ResourceAnswer>(token, RESOURCE_QUERY, variables, { signal: controller.signal }).then(
      (result) => {
        if (result.kind === 'unauthenticated') return onUnauthenticatedFn(result.message);
        if (result.kind !== 'ok') return setState({ phase: 'failed', failure: result });
        const node = resource.type === 'SERVER' ? result.data.server : result.data.share;
        setState({ phase: 'loaded', resource: node ?? null, messages: result.data.messages });
      },
      () => undefined, // aborted: the panel closed or shows another resource
    );
    return () => controller.abort();
  }, [token, resource.type, resource.id, isAllProjects, reloads, onUnauthenticatedFn]);
  return [state, () => setReloads((count) => count + 1)] as const;
}

import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);

/** The files GraphiQL needs, served from `node_modules` so that it works with no network (no CDN). */
const ASSETS: Readonly<Record<string, { readonly path: string; readonly type: string }>> = {
  'react.production.min.js': {
    path: join(dirname(require.resolve('react/package.json')), 'umd/react.production.min.js'),
    type: 'application/javascript; charset=utf-8',
  },
  'react-dom.production.min.js': {
    path: join(dirname(require.resolve('react-dom/package.json')), 'umd/react-dom.production.min.js'),
    type: 'application/javascript; charset=utf-8',
  },
  'graphiql.min.js': {
    path: join(dirname(require.resolve('graphiql/package.json')), 'graphiql.min.js'),
    type: 'application/javascript; charset=utf-8',
  },
  'graphiql.min.css': {
    path: join(dirname(require.resolve('graphiql/package.json')), 'graphiql.min.css'),
    type: 'text/css; charset=utf-8',
  },
};

/** The query GraphiQL opens with; admins get `allProjects: true`. Its cost is far under `MAX_QUERY_COST` (a test checks). */
export const defaultQuery = (
  allProjects: string,
) => `# Paste a token printed by "npm start" into the Headers tab:
#   { "Authorization": "Bearer <token>" }
# or open this page as /graphiql#token=<token>.
query Servers {
  servers(first: 10${allProjects}) {
    nodes { id name status created projectId flavor { name } fault { code message } messages { eventId userMessage } }
    pageInfo { hasNextPage endCursor }
    partial
    unreachableCells
  }
}
`;

/** The GraphiQL page (graphiql 3 UMD build on React 18), with the token from the URL fragment as a header. */
export function graphiqlPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>cellgate GraphiQL</title>
  <link rel="stylesheet" href="/graphiql/assets/graphiql.min.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/assets/react.production.min.js"></script>
  <script src="/graphiql/assets/react-dom.production.min.js"></script>
  <script src="/graphiql/assets/graphiql.min.js"></script>
  <script>
    // A token in the fragment (#token=...) never reaches the server's logs; it becomes the Authorization header.
    // It is kept in this browser, so that a followed resource link (no fragment) runs with it too.
    const fragmentToken = new URLSearchParams(window.location.hash.slice(1)).get('token');
    if (fragmentToken) localStorage.setItem('cellgate:token', fragmentToken);
    const token = fragmentToken || localStorage.getItem('cellgate:token');
    const headers = token ? JSON.stringify({ Authorization: 'Bearer ' + token }, null, 2) : undefined;
    // The token's claims pick the example: admins list every project (the signature is checked by the server).
    let isAdmin = false;
    try {
      const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      isAdmin = Array.isArray(claims.roles) && claims.roles.includes('admin');
    } catch {}
    // A followed resource link arrives as /graphiql?query=…&variables=… (see resource-links.ts).
    const search = new URLSearchParams(window.location.search);
    const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, {
        fetcher,
        defaultQuery: isAdmin ? ${JSON.stringify(defaultQuery(', allProjects: true'))} : ${JSON.stringify(defaultQuery(''))},
        query: search.get('query') ?? undefined,
        variables: search.get('variables') ?? undefined,
        headers,
        shouldPersistHeaders: true,
        defaultEditorToolsVisibility: Boolean(headers) ? 'headers' : true,
      }),
    );
  </script>
</body>
</html>
`;
}

/** Whether a GET request comes from a browser that wants a page rather than a GraphQL answer. */
export function wantsHtml(accept: string | undefined): boolean {
  return typeof accept === 'string' && accept.includes('text/html');
}

/** Registers `GET /graphiql` and its assets under `/graphiql/assets/`. */
export function registerGraphiql(fastify: FastifyInstance): void {
  fastify.get('/graphiql', (_request, reply) => reply.type('text/html; charset=utf-8').send(graphiqlPage()));
  fastify.get<{ Params: { name: string } }>('/graphiql/assets/:name', (request, reply) => {
    const asset = ASSETS[request.params.name];
    if (!asset) return reply.code(404).send({ error: 'not found' });
    return reply
      .type(asset.type)
      .header('cache-control', 'public, max-age=86400')
      .send(createReadStream(asset.path));
  });
}

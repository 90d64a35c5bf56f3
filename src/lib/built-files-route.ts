/**
 * A route that serves the files of a separate, in-memory Vite build as static files: the embed under
 * /embed/ (src/embed/build.ts) and the hosted model module under /lib/ (src/lib/hosted/build.ts). At
 * `astro build` each file becomes a file of the site.
 */
import type { APIRoute, GetStaticPaths } from 'astro';

/** One built file, by its path under the route's folder. */
export type BuiltFile = { path: string; body: string | Uint8Array };

const contentTypes: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  wasm: 'application/wasm',
  ts: 'text/plain; charset=utf-8',
};

/** getStaticPaths and GET for a `[...file].ts` route over the files `build` gives (built once, then reused). */
export function builtFilesRoute(build: () => Promise<BuiltFile[]>): { getStaticPaths: GetStaticPaths; GET: APIRoute } {
  return {
    getStaticPaths: async () => (await build()).map((file) => ({ params: { file: file.path } })),
    GET: async ({ params }) => {
      const file = (await build()).find((f) => f.path === params.file);
      if (!file) return new Response('Not found', { status: 404 });
      const type = contentTypes[file.path.split('.').pop() ?? ''] ?? 'application/octet-stream';
      return new Response(typeof file.body === 'string' ? file.body : new Uint8Array(file.body), { headers: { 'content-type': type } });
    },
  };
}

/**
 * Serves the hosted model module under /lib/ (vq.js, its chunks, wasm binaries and declarations), from the
 * separate Vite build in src/lib/hosted/build.ts. At `astro build` each file becomes a static file.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { buildHostedModule } from '../../lib/hosted/build.ts';

export const getStaticPaths = (async () => (await buildHostedModule()).map((file) => ({ params: { file: file.path } }))) satisfies GetStaticPaths;

const types: Record<string, string> = { js: 'text/javascript; charset=utf-8', wasm: 'application/wasm', ts: 'text/plain; charset=utf-8' };

export const GET: APIRoute = async ({ params }) => {
  const file = (await buildHostedModule()).find((f) => f.path === params.file);
  if (!file) return new Response('Not found', { status: 404 });
  const type = types[file.path.split('.').pop() ?? ''] ?? 'application/octet-stream';
  return new Response(typeof file.body === 'string' ? file.body : new Uint8Array(file.body), { headers: { 'content-type': type } });
};

// Serves a built site the way a plain static host does: files as they are, index.html for folders,
// 404 for anything missing. The end-to-end tests and `npm start` both use it, so what a reader gets
// from `npm start` is what the tests checked.
// Every response is cross-origin isolated (COOP same-origin, COEP require-corp), so that the wasm
// backend can use its threaded build (SharedArrayBuffer needs isolation); the README lists the static
// hosts that can send the same two headers.
// Usage: node scripts/serve.ts [dir] [port]    (defaults: dist 4321)
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const usage = 'Usage: node scripts/serve.ts [dir] [port]    (defaults: dist 4321)';
const [dir = 'dist', portText = '4321', ...extra] = process.argv.slice(2);
const port = Number(portText);
if (dir === '--help' || dir === '-h' || extra.length > 0 || !Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(usage);
  process.exit(dir === '--help' || dir === '-h' ? 0 : 1);
}
const root = resolve(dir);
try {
  statSync(join(root, 'index.html'));
} catch {
  console.error(`serve: ${root} has no index.html; build the site first (npx astro build --outDir ${dir}).\n${usage}`);
  process.exit(1);
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.bin': 'application/octet-stream',
  '.md': 'text/markdown; charset=utf-8',
};

/** The headers that make a page cross-origin isolated. Everything the site loads is its own, so nothing needs a CORP header. */
const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

function fileFor(urlPath: string): string | null {
  let path: string;
  try {
    path = normalize(join(root, decodeURIComponent(urlPath)));
  } catch {
    return null; // A malformed %-escape names no file.
  }
  if (!path.startsWith(root)) return null;
  try {
    const stat = statSync(path);
    if (stat.isFile()) return path;
    if (stat.isDirectory() && statSync(join(path, 'index.html')).isFile()) return join(path, 'index.html');
  } catch {
    // Missing: fall through to 404.
  }
  return null;
}

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  // Folders are addressed with a trailing slash, as on the production host.
  if (!url.pathname.endsWith('/') && !extname(url.pathname) && fileFor(url.pathname + '/')) {
    response.writeHead(301, { ...isolation, location: url.pathname + '/' + url.search }).end();
    return;
  }
  const file = fileFor(url.pathname);
  if (!file) {
    response.writeHead(404, { ...isolation, 'content-type': 'text/plain' }).end('Not found');
    return;
  }
  response.writeHead(200, { ...isolation, 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(response);
});
server.on('error', (error: NodeJS.ErrnoException) => {
  console.error(error.code === 'EADDRINUSE' ? `serve: port ${port} is in use; pass another one.\n${usage}` : `serve: ${error.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => console.log(`serving ${root} on http://127.0.0.1:${port}/`));

// Serves a built site the way a plain static host does: files as they are, index.html for folders,
// 404 for anything missing. The end-to-end tests and `npm start` both use it, so what a reader gets
// from `npm start` is what the tests checked.
// Every response is cross-origin isolated (COOP same-origin, COEP require-corp), so that the wasm
// backend can use its threaded build (SharedArrayBuffer needs isolation); the README lists the static
// hosts that can send the same two headers.
// Files other sites load (the hosted module under /lib/, the embed under /embed/, datasets and
// checkpoints) also carry Access-Control-Allow-Origin: * and Cross-Origin-Resource-Policy: cross-origin,
// so a page on any origin can import them, isolated or not.
// --plain serves a folder with none of these headers, as an ordinary host would: the tests use it for
// pages on a second origin that embed the site.
// Usage: node scripts/serve.ts [--plain] [dir] [port]    (defaults: dist 4321)
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

const usage = 'Usage: node scripts/serve.ts [--plain] [dir] [port]    (defaults: dist 4321)';
const args = process.argv.slice(2);
const plain = args[0] === '--plain';
const [dir = 'dist', portText = '4321', ...extra] = plain ? args.slice(1) : args;
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

/** The headers that make a page cross-origin isolated. Everything the site loads is its own, so its own pages need no CORP header. */
const isolation: Record<string, string> = plain ? {} : { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

/** The folders other origins load from: the hosted module, the embed, datasets and checkpoints. */
const sharedFolders = ['/lib/', '/embed/', '/data/', '/models/'];

/** The headers of a response to `urlPath`: isolation always, and for a shared folder, leave for any origin to read it. */
function headersFor(urlPath: string): Record<string, string> {
  if (plain || !sharedFolders.some((folder) => urlPath.startsWith(folder))) return isolation;
  return { ...isolation, 'access-control-allow-origin': '*', 'cross-origin-resource-policy': 'cross-origin' };
}

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
    response.writeHead(301, { ...headersFor(url.pathname), location: url.pathname + '/' + url.search }).end();
    return;
  }
  const file = fileFor(url.pathname);
  if (!file) {
    response.writeHead(404, { ...headersFor(url.pathname), 'content-type': 'text/plain' }).end('Not found');
    return;
  }
  response.writeHead(200, { ...headersFor(url.pathname), 'content-type': types[extname(file)] ?? 'application/octet-stream' });
  createReadStream(file).pipe(response);
});
server.on('error', (error: NodeJS.ErrnoException) => {
  console.error(error.code === 'EADDRINUSE' ? `serve: port ${port} is in use; pass another one.\n${usage}` : `serve: ${error.message}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => console.log(`serving ${root} on http://127.0.0.1:${port}/`));

/**
 * Builds the hosted model module (src/lib/hosted/vq.ts) with Vite, in memory, for the route that serves it
 * at /lib/ (src/pages/lib/[...file].ts): vq.js at a stable address, its chunks, the wasm binaries in
 * wasm/, and declarations (vq.d.ts, with the package's own in types/).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

import type { BuiltFile } from '../built-files-route.ts';

/** One file under /lib/. */
export type HostedFile = BuiltFile;

/** The wasm binaries TF.js looks for, by the names it asks for. */
const wasmBinaries = ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'];

let built: Promise<HostedFile[]> | null = null;

/** The files of /lib/, built once per process. */
export function buildHostedModule(root: string = process.cwd()): Promise<HostedFile[]> {
  built ??= run(root);
  return built;
}

async function run(root: string): Promise<HostedFile[]> {
  const { build } = await import('vite');
  const output = await build({
    configFile: false,
    root,
    logLevel: 'warn',
    mode: 'production',
    build: {
      write: false,
      outDir: resolve(root, 'node_modules/.vq-hosted'),
      emptyOutDir: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      modulePreload: false,
      target: 'es2022',
      lib: { entry: resolve(root, 'src/lib/hosted/vq.ts'), formats: ['es'], fileName: () => 'vq.js' },
      rollupOptions: { output: { chunkFileNames: 'chunks/[name]-[hash].js' } },
    },
  });
  const files: HostedFile[] = [];
  for (const result of Array.isArray(output) ? output : [output]) {
    if (!('output' in result)) throw new Error('hosted module build: Vite returned a watcher, not a bundle');
    for (const item of result.output) files.push({ path: item.fileName, body: item.type === 'chunk' ? item.code : item.source });
  }
  const require = createRequire(resolve(root, 'package.json'));
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
  for (const name of wasmBinaries) files.push({ path: `wasm/${name}`, body: readFileSync(join(wasmDir, name)) });
  return [...files, ...declarations(root)];
}

/** vq.d.ts: the package's declarations, plus `tf`, whose types come from @tensorflow/tfjs-core where it is installed. */
function declarations(root: string): HostedFile[] {
  const packageTypes = resolve(root, 'src/lib/vq/dist');
  const files = declarationFiles(packageTypes).map((file) => ({ path: `types/${relative(packageTypes, file)}`, body: readFileSync(file, 'utf8') }));
  if (files.length === 0) throw new Error('hosted module build: src/lib/vq/dist has no declarations; run npm run build:vq');
  const entry = [
    '// Types of https://<site>/lib/vq.js: the model package, and `tf` (tfjs-core: `npm i -D @tensorflow/tfjs-core` for its types).',
    "export * from './types/index.js';",
    "export * as tf from '@tensorflow/tfjs-core';",
    '',
  ].join('\n');
  return [{ path: 'vq.d.ts', body: entry }, ...files];
}

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? declarationFiles(path) : entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

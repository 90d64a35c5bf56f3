// Builds the model package (src/lib/vq, published as @vq-vae-live/vq) into src/lib/vq/dist/:
// - dist/index.js and dist/node.js: ES modules bundled by Vite, with tfjs-core left to the consumer (a peer
//   dependency) and tfjs-core's gradient registrations bundled in (scripts/vq-package/tfjs-gradients.ts),
//   so the package runs in plain Node and in any bundler with no import mapping;
// - a .d.ts beside each source file, from tsc, with the sources' `.ts` import paths written as `.js`.
// The site consumes this build through the package's `exports`, as any other project would.
// Usage: node scripts/build-vq.ts [--if-stale]    (--if-stale: do nothing when dist/ is newer than every source)
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tfjsGradients, tfjsLicence } from './vq-package/tfjs-gradients.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const packageDir = join(root, 'src/lib/vq');
const dist = join(packageDir, 'dist');

/** Every source file of the package, with its path under the package. */
function sources(dir = packageDir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'dist' || entry.name === 'node_modules' ? [] : sources(path);
    return /\.ts$|package\.json$|tsconfig\.json$/.test(entry.name) ? [path] : [];
  });
}

/** True when the build is older than a source, or missing. */
export function vqBuildIsStale(): boolean {
  let built: number;
  try {
    built = statSync(join(dist, 'index.js')).mtimeMs;
    statSync(join(dist, 'index.d.ts'));
  } catch {
    return true;
  }
  return sources().some((file) => statSync(file).mtimeMs > built) || statSync(fileURLToPath(import.meta.url)).mtimeMs > built;
}

/** Builds the package into dist/. */
export async function buildVqPackage(): Promise<void> {
  const { build } = await import('vite');
  rmSync(dist, { recursive: true, force: true });
  const common = { configFile: false, root: packageDir, logLevel: 'warn', mode: 'production' } as const;
  const output = {
    outDir: dist,
    emptyOutDir: false,
    copyPublicDir: false,
    reportCompressedSize: false,
    // Minified, with names kept for stack traces: the declarations carry the doc comments, and the
    // readable source is in the repository; unminified, the tarball would outgrow its 100 KB budget.
    minify: true,
    target: 'es2022',
  };
  // index.js: the whole module in one file, tfjs-core left to the consumer.
  await build({
    ...common,
    plugins: [tfjsGradients(root)],
    build: { ...output, lib: { entry: join(packageDir, 'index.ts'), formats: ['es'], fileName: () => 'index.js' }, rollupOptions: { external: ['@tensorflow/tfjs-core'], output: { banner: tfjsLicence, keepNames: true } } },
  });
  // node.js: the Node-only checkpoint files, which import the module from index.js.
  const entryAsBuilt = {
    name: 'vq-index-as-built',
    enforce: 'pre' as const,
    resolveId: (source: string, importer: string | undefined) => (source === './index.ts' && importer?.endsWith('node.ts') ? { id: './index.js', external: true } : null),
  };
  await build({
    ...common,
    plugins: [entryAsBuilt],
    build: { ...output, lib: { entry: join(packageDir, 'node.ts'), formats: ['es'], fileName: () => 'node.js' }, rollupOptions: { external: (id) => id === '@tensorflow/tfjs-core' || id.startsWith('node:') } },
  });
  const tsc = resolve(root, 'node_modules/typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(packageDir, 'tsconfig.json')], { stdio: 'inherit' });
  for (const file of declarationFiles(dist)) {
    const text = readFileSync(file, 'utf8');
    // The sources import './x.ts' (Node runs them by type stripping); the declarations sit beside .js files.
    const fixed = text.replace(/((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+)\.ts(['"])/g, '$1$2.js$3');
    if (fixed !== text) writeFileSync(file, fixed);
  }
}

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? declarationFiles(path) : entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !vqBuildIsStale()) {
    console.log('build-vq: dist/ is up to date');
  } else {
    const started = Date.now();
    await buildVqPackage();
    console.log(`build-vq: built src/lib/vq/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

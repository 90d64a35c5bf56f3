// The package as another project gets it: builds @vq-vae-live/vq, packs it, installs the tarball into a
// copy of tests/consumer outside the repository (a fresh Vite + TypeScript app), then
//  1. type-checks the app with strict, noUncheckedIndexedAccess and exactOptionalPropertyTypes, and
//     the package's declarations under the same flags (skipLibCheck off);
//  2. builds it with Vite, and trains 5 steps in Chromium on wasm;
//  3. trains 5 steps in plain Node (node-train.mjs), with no TypeScript loader and no import mapping.
// It fails on any step, on a tarball of 100 KB or more, on a file in it that is not the build, the README
// or the licence, and on an install that brings more than tfjs-core and the wasm backend (besides the
// app's own Vite and TypeScript; the wasm backend's own dependency, the cpu backend, included). It prints the sizes the closing notes quote.
// Usage: node scripts/test-package.ts [--keep]    (--keep: leave the app folder for a look)
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { browserLaunchOptions } from '../tests/browser.ts';
import { buildVqPackage } from './build-vq.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const keep = process.argv.includes('--keep');
const tarballBudget = 100 * 1024;
// Vite's build sets NODE_ENV=production in this process, which would make npm skip the app's devDependencies.
const childEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV'));
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
const version = (name: string) => (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`test-package: ${message}`);
}

/** Gzipped bytes of the scripts in a built app's assets folder. */
function scriptBytes(assets: string): number {
  return readdirSync(assets).filter((name) => name.endsWith('.js')).reduce((sum, name) => sum + gzipSync(readFileSync(join(assets, name))).length, 0);
}

/** Bytes in a folder, recursively. */
function sizeOf(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

const work = mkdtempSync(join(tmpdir(), 'vq-consumer-'));
try {
  await buildVqPackage();
  const packed = JSON.parse(npm(['pack', '--json', '-w', '@vq-vae-live/vq', '--pack-destination', work], root)) as { filename: string; size: number; files: { path: string }[] }[];
  const tarball = packed[0]!;
  const stray = tarball.files.map((f) => f.path).filter((path) => !/^(dist\/.+\.(js|d\.ts)|README\.md|LICENSE|package\.json)$/.test(path));
  check(stray.length === 0, `the tarball holds files that are not the build, the README or the licence: ${stray.join(', ')}`);
  check(tarball.size < tarballBudget, `the tarball is ${tarball.size} bytes, over its ${tarballBudget}-byte budget`);

  const app = join(work, 'app');
  cpSync(join(root, 'tests/consumer'), app, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as Record<string, unknown>;
  manifest.dependencies = { '@vq-vae-live/vq': `file:${join(work, tarball.filename)}`, '@tensorflow/tfjs-core': version('@tensorflow/tfjs-core'), '@tensorflow/tfjs-backend-wasm': version('@tensorflow/tfjs-backend-wasm') };
  manifest.devDependencies = { vite: version('vite'), typescript: version('typescript') };
  writeFileSync(join(app, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // From npm's cache where it can: the root's `npm ci` has fetched every one of these already.
  npm(['install', '--prefer-offline', '--no-audit', '--no-fund'], app);

  const production = npm(['ls', '--omit=dev', '--all', '--parseable'], app).split('\n').filter(Boolean).slice(1).map((path) => path.slice(path.lastIndexOf('node_modules/') + 13));
  const tfjs = production.filter((name) => name.startsWith('@tensorflow/'));
  // The wasm backend depends on the cpu one (it shares its kernels); nothing else of TF.js may come.
  check(tfjs.sort().join() === ['@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-core'].join(), `the install brought TensorFlow.js packages beyond core and wasm: ${tfjs.join(', ')}`);
  const foreign = production.filter((name) => /^(astro|svelte|katex|d3-|@astrojs|typescript)/.test(name));
  check(foreign.length === 0, `the install brought the site's dependencies: ${foreign.join(', ')}`);
  const installBytes = production.filter((name) => !name.includes('node_modules/')).reduce((sum, name) => sum + sizeOf(join(app, 'node_modules', name)), 0);
  const ourBytes = sizeOf(join(app, 'node_modules/@vq-vae-live/vq'));

  // As Vite's own template does (skipLibCheck on): the app's use of the package must type-check.
  execFileSync(join(app, 'node_modules/.bin/tsc'), ['--noEmit', '-p', '.'], { cwd: app, env: childEnv, stdio: 'inherit' });
  // And the package's declarations themselves, under the same strict flags. tfjs-core's own (its
  // @webgpu/types against TypeScript 6's WebGPU DOM types) fail this, which is TF.js's to fix, so only
  // errors in the package's files count.
  const libCheck = spawnSync(join(app, 'node_modules/.bin/tsc'), ['--noEmit', '-p', '.', '--skipLibCheck', 'false'], { cwd: app, env: childEnv, encoding: 'utf8' });
  const libErrors = libCheck.stdout.split('\n').filter((line) => / error TS\d+/.test(line));
  const ours = libErrors.filter((line) => line.startsWith('node_modules/@vq-vae-live/') || line.startsWith('src/'));
  check(ours.length === 0, `the package's declarations fail the app's strict flags:\n${ours.join('\n')}`);
  execFileSync(join(app, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: app, env: childEnv, stdio: 'inherit' });
  execFileSync(join(app, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { cwd: app, env: { ...childEnv, VQ_BASELINE: '1' }, stdio: 'inherit' });
  // What the package adds to a bundle: the app's scripts against the same app without it (baseline.html).
  // One tfjs-core in the bundle: the package reads the app's copy, never brings its own engine.
  const withEngine = readdirSync(join(app, 'dist/assets')).filter((name) => name.endsWith('.js') && readFileSync(join(app, 'dist/assets', name), 'utf8').includes('_tfengine'));
  check(withEngine.length === 1, `the bundle has tfjs-core's engine in ${withEngine.length} scripts (${withEngine.join(', ')}), not one`);
  const bundleGzip = scriptBytes(join(app, 'dist/assets'));
  const baselineGzip = scriptBytes(join(app, 'dist-baseline/assets'));

  const server = await import('node:http').then(({ createServer }) =>
    createServer((request, response) => {
      const path = join(app, 'dist', new URL(request.url ?? '/', 'http://x').pathname.replace(/\/$/, '/index.html'));
      try {
        const body = readFileSync(path);
        response.writeHead(200, { 'content-type': path.endsWith('.js') ? 'text/javascript' : path.endsWith('.wasm') ? 'application/wasm' : 'text/html' }).end(body);
      } catch {
        response.writeHead(404).end();
      }
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch(browserLaunchOptions());
  let browserResult: { losses: number[]; backend: string };
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(`http://127.0.0.1:${port}/`);
    const settled = await page.waitForFunction(() => document.body.dataset.status !== 'loading', null, { timeout: 60_000 }).then(() => true, () => false);
    check(settled, `the app's page was still training after 60 s; its errors: ${errors.join(' | ') || 'none'}`);
    const status = await page.locator('#status').textContent();
    check((await page.evaluate(() => document.body.dataset.status)) === 'done', `the app did not train in Chromium: ${status}`);
    browserResult = await page.evaluate(() => (window as unknown as { result: { losses: number[]; backend: string } }).result);
    check(errors.length === 0, `the app's page logged errors: ${errors.join(' | ')}`);
  } finally {
    await browser.close();
    server.close();
  }
  check(browserResult.backend === 'wasm' && browserResult.losses.length === 5 && browserResult.losses.every(Number.isFinite), `Chromium: ${JSON.stringify(browserResult)}`);

  const nodeResult = JSON.parse(execFileSync(process.execPath, ['node-train.mjs'], { cwd: app, env: childEnv, encoding: 'utf8' }).trim().split('\n').at(-1)!) as { backend: string; losses: number[] };
  check(nodeResult.backend === 'wasm' && nodeResult.losses.length === 5 && nodeResult.losses.every(Number.isFinite), `plain Node: ${JSON.stringify(nodeResult)}`);

  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log(
    [
      `tarball: ${kb(tarball.size)} (budget ${kb(tarballBudget)}), ${tarball.files.length} files`,
      `install (dependencies, not the app's Vite and TypeScript): ${production.length} packages, ${kb(installBytes)} (${production.join(', ')}); the package itself ${kb(ourBytes)}`,
      `tsc --noEmit (strict, noUncheckedIndexedAccess, exactOptionalPropertyTypes): passed; with skipLibCheck off, 0 errors in the package's declarations (${libErrors.length} in tfjs-core's and TypeScript's own)`,
      `vite build: ${kb(bundleGzip)} of scripts gzipped, against ${kb(baselineGzip)} for TF.js core + wasm alone: the package adds ${kb(bundleGzip - baselineGzip)}`,
      `Chromium, wasm: 5 steps, loss ${browserResult.losses.map((l) => l.toFixed(4)).join(' ')}`,
      `plain node, wasm: 5 steps, loss ${nodeResult.losses.map((l) => l.toFixed(4)).join(' ')}`,
    ].join('\n'),
  );
} finally {
  if (keep) console.log(`test-package: the app is in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

// Browser benchmark (issue 14): our model against the same network in stock TF.js, on every backend
// Chromium has, in a Worker as the site runs it. A benchmark, never a test: it prints figures to quote.
//
// Usage: npm run bench:browser [-- options]
//   --gpu              Chromium flags for a real GPU (Vulkan, no SwiftShader); default is SwiftShader
//   --quick            fewer repeats (a smoke run)
//   --out FILE         where the JSON goes (default bench-results/browser.json)
//   --backends LIST    comma-separated, default webgpu,webgl,wasm
//   --only LIST        comma-separated workload names (see scripts/bench-browser/protocol.ts)
//   --repeats N        timed rounds per figure at most, ours and stock alternating (default 3; --quick: 1)
//   --budget S         fewer rounds when N would take longer than S seconds per side (default 20)
//   --warm-up N        untimed steps first (default 1)
//   --isolated         serve with COOP/COEP headers, so wasm may use its threaded build
//   --kernel-times     one more profiled step per side: milliseconds by kernel name in the JSON
//   --no-build         reuse dist-bench/ as it is
//   --timeout S        seconds one backend may take (default 480)
import { createReadStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { browserLaunchOptions, chromiumArgs } from '../tests/browser.ts';
import type { BackendResult, BenchOptions } from './bench-browser/protocol.ts';
import { workloadNames } from './bench-browser/protocol.ts';
import { legend, markdownTable } from './bench-browser/report.ts';

const started = performance.now();
const log = (text: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${text}\n`);

const { values: args } = parseArgs({
  options: {
    gpu: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-results/browser.json' },
    backends: { type: 'string', default: 'webgpu,webgl,wasm' },
    only: { type: 'string', default: '' },
    repeats: { type: 'string' },
    'warm-up': { type: 'string', default: '1' },
    isolated: { type: 'boolean', default: false },
    'kernel-times': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    timeout: { type: 'string', default: '480' },
    budget: { type: 'string', default: '20' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (args.help) {
  console.log('Usage: npm run bench:browser [-- --gpu] [--quick] [--out FILE] [--backends webgpu,webgl,wasm] [--only WORKLOADS] [--repeats N] [--budget S] [--warm-up N] [--isolated] [--kernel-times] [--no-build] [--timeout S]');
  console.log(`Workloads: ${workloadNames.join('; ')}`);
  process.exit(0);
}
const list = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);
const only = list(args.only);
const unknown = only.filter((name) => !(workloadNames as readonly string[]).includes(name));
if (unknown.length) throw new Error(`unknown workload ${unknown.join(', ')}; known: ${workloadNames.join('; ')}`);
const options: BenchOptions = {
  backends: list(args.backends),
  warmUp: Number(args['warm-up']),
  repeats: Number(args.repeats ?? (args.quick ? 1 : 3)),
  budgetMs: Number(args.budget) * 1000,
  only,
  kernelTimes: args['kernel-times'],
  backendTimeoutMs: Number(args.timeout) * 1000,
};

// A real GPU: Vulkan for both WebGPU and ANGLE's WebGL, and no software adapter asked for.
const gpuArgs = ['--headless=new', '--no-sandbox', '--enable-unsafe-webgpu', '--enable-features=Vulkan,WebGPU', '--use-angle=vulkan', '--enable-gpu', '--ignore-gpu-blocklist', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const root = resolve('dist-bench');

if (!args['no-build']) {
  log('building the bench page into dist-bench/ (vite)');
  const { build } = await import('vite');
  await build({ configFile: resolve('scripts/bench-browser/vite.config.ts') });
}
statSync(join(root, 'index.html'));

/** A static server on a free port, like scripts/serve.ts; with `isolated`, it sends COOP/COEP. */
function serve(): Promise<{ server: Server; url: string }> {
  const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json' };
  const server = createServer((request, response) => {
    const path = normalize(join(root, decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    if (!file.startsWith(root) || !statSync(file, { throwIfNoEntry: false })?.isFile()) {
      response.writeHead(404).end('Not found');
      return;
    }
    const headers: Record<string, string> = { 'content-type': types[extname(file)] ?? 'application/octet-stream' };
    if (args.isolated) Object.assign(headers, { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' });
    response.writeHead(200, headers);
    createReadStream(file).pipe(response);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

const { server, url } = await serve();
const launch = browserLaunchOptions();
const flags = args.gpu ? gpuArgs : chromiumArgs;
log(`Chromium ${launch.executablePath ?? launch.channel} with ${args.gpu ? 'real-GPU' : 'SwiftShader'} flags: ${flags.join(' ')}`);
const browser = await chromium.launch({ ...launch, args: flags });
let results: BackendResult[] = [];
try {
  const page = await browser.newPage();
  await page.exposeFunction('benchProgress', (text: string) => log(text));
  page.on('pageerror', (error) => log(`page error: ${error.message}`));
  page.on('console', (message) => {
    // TF.js says why a backend failed to start as a warning (the Worker's console reaches the page's).
    if (message.type() === 'error' || message.type() === 'warning') log(`console ${message.type()}: ${message.text()}`);
  });
  await page.goto(url);
  await page.waitForFunction(() => typeof window.runBench === 'function');
  log(`backends ${options.backends.join(', ')}; warm-up ${options.warmUp}, up to ${options.repeats} timed round(s) per figure (fewer past ${options.budgetMs / 1000} s)`);
  results = await page.evaluate((o) => window.runBench(o), options);
} finally {
  const version = browser.version();
  await browser.close();
  server.close();
  const seconds = (performance.now() - started) / 1000;
  const report = {
    date: new Date().toISOString(),
    wallSeconds: Math.round(seconds),
    machine: { os: `${osType()} ${release()}`, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    chromium: version,
    mode: args.gpu ? 'gpu' : 'swiftshader',
    flags,
    isolated: args.isolated,
    options,
    notes: {
      ratios: 'speed: ours items/s ÷ stock items/s (>1: ours faster); kernels and dispatches: stock ÷ ours (>1: ours runs fewer)',
      msPerStep: 'median over rounds of (stepsPerRound steps back to back, then a wait for the GPU queue to drain) ÷ stepsPerRound; ours and stock alternate round by round, so load from elsewhere falls on both',
      kernels: "kernels in one step as tf.profile lists them (the first timed step, profiled with the backend's timer replaced by one that times nothing, so it dispatches and reads as unprofiled)",
      rounds: 'up to options.repeats rounds, fewer when they would take longer than options.budgetMs per side; a round has enough steps to last about 250 ms (at most 10)',
      dispatches: "calls of the backend instance's runWebGPUProgram (webgpu) or runWebGLProgram (webgl, which compileAndRun goes through) per step; null on wasm",
      syncReads: "calls of the backend's readSync per step (dataSync and friends): blocking GPU→CPU reads on webgpu/webgl; syncReadsFromDevice: those whose values were not already on the CPU. On wasm they are memory copies, not waits",
      asyncReads: "calls of the backend's read per step (await data())",
      wasm: 'on wasm both ours and stock run with registerWasmTrainingKernels() (loadBackend registers them): stock wasm has no Conv2DBackpropFilter, so stock TF.js cannot train the network there without them',
      images: 'random uniform images, seed 1 (tf.randomUniform); models seed 0',
      prior: 'PixelCNNPrior defaults (K 128, 64 channels, 2 residual blocks, 5×5 type-A) over a 7×7 grid, one grid per step (49 passes, one read each); stock: the same network with unfused conv2d + bias + relu over the whole grid every pass',
      encodeDecode: 'encode then decode 128 images and read the images back (await data()), after one training step on 16 images (which initialises our codebook from data)',
    },
    results,
  };
  mkdirSync(dirname(resolve(args.out)), { recursive: true });
  writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n');
  log(`wrote ${args.out}`);
  for (const backend of results) {
    const env = backend.environment as { adapter?: { isFallbackAdapter?: boolean | null }; webgl?: unknown; wasm?: unknown } | undefined;
    const detail = env?.adapter ?? env?.webgl ?? env?.wasm;
    if (detail) console.log(`${backend.backend}: ${JSON.stringify(detail)}`);
    if (args.gpu && env?.adapter?.isFallbackAdapter) console.log(`  warning: --gpu asked for a real GPU, but WebGPU got a fallback (software) adapter`);
  }
  console.log(`\n${markdownTable(results)}\n\n${legend.join('\n')}\n`);
  console.log(`Chromium ${version}, ${args.gpu ? 'real-GPU flags' : 'SwiftShader flags'}, warm-up ${options.warmUp}, median of up to ${options.repeats} rounds (fewer past ${options.budgetMs / 1000} s a figure); wall time ${seconds.toFixed(0)} s`);
}

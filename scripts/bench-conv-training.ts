// Conv-net training speed on TF.js's wasm backend with the project's training kernels, against the
// cpu backend and the PyTorch reference, measured in one run on this machine.
//   node scripts/bench-conv-training.ts            (about two minutes)
// One training step: reconstruction MSE of decoder(encoder(x)) against x, tf.variableGrads, Adam.
// (The vector quantiser is a small matmul and is left out: the convolutions are the cost.)
// Each backend configuration runs in its own child process, because the wasm module, and with it the
// thread count, is fixed when the backend first starts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const reference = process.env.TORCH_REFERENCE ?? '/work/shared/reference/torch_r1.py';
const python = '/usr/bin/python3';

type Preset = 'r1' | 'tiny';
interface Config {
  backend: 'wasm' | 'cpu';
  /** wasm only: 0 for the stock single-threaded binary, n ≥ 1 for the threaded binary with n threads. */
  threads: number;
  cases: { preset: Preset; batch: number; steps: number }[];
}
interface Row {
  label: string;
  preset: Preset;
  batch: number;
  ms: number;
  cpuMs: number;
  imagesPerSecond: number;
}

/**
 * Lets tfjs-backend-wasm use its threaded binary in Node, which it never does by itself:
 * - WASM_HAS_MULTITHREAD_SUPPORT is hard-wired to false in Node (tfjs issue #3830); we set it.
 * - Emscripten starts its pthread workers from blob: URLs, which Node's Worker cannot load. The two
 *   scripts involved (the worker and the wasm module factory) are built as Blobs from strings, so we
 *   catch those strings and write them to temporary files; the worker loads the factory from its file.
 * - The backend caps XNNPACK's threads at half the logical cores (it assumes two hyperthreads per core),
 *   so a 2-core machine gets 1 thread whatever setThreadsCount says. os.cpus() is what the threaded
 *   binary asks in Node, so it reports twice the cores while the backend starts.
 * Must run before the backend starts. Node only; in a browser the threaded binary works as shipped,
 * given cross-origin isolation (SharedArrayBuffer), with the same cap of hardwareConcurrency / 2.
 */
async function enableWasmThreadsInNode(threads: number): Promise<void> {
  const tf = await import('@tensorflow/tfjs-core');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const dir = mkdtempSync(join(os.tmpdir(), 'tfjs-wasm-threads-'));
  const factoryPath = join(dir, 'factory.cjs');
  const workerPath = join(dir, 'worker.cjs');
  const workerScripts = new WeakSet<Blob>();
  const NativeBlob = globalThis.Blob;
  globalThis.Blob = class extends NativeBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      super(parts, options);
      const text = parts?.length === 1 && typeof parts[0] === 'string' ? parts[0] : '';
      if (text.startsWith('var WasmBackendModuleThreadedSimd')) {
        // The factory's source refers to its bundle's module-level names; give it Node's.
        const prelude = "var require$$0 = require('fs'), require$$1 = require('path'), require$$3 = require('perf_hooks'), require$$4 = require('os'), commonjsGlobal = globalThis, _scriptDir;\n";
        writeFileSync(factoryPath, prelude + text);
      } else if (text.includes('WasmBackendModuleThreadedSimd(Module)')) {
        // The worker: load the factory from its file rather than from the Blob it is sent.
        const patched = text.replace(/if\(typeof e\.data\.urlOrBlob=="string"\)\{importScripts\(e\.data\.urlOrBlob\)\}else\{[^}]*\}/, `importScripts(${JSON.stringify(factoryPath)});`);
        if (patched === text) throw new Error('tfjs-backend-wasm worker script not recognised: cannot enable threads');
        writeFileSync(workerPath, patched);
        workerScripts.add(this);
      }
    }
  } as typeof Blob;
  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = (blob: Blob) => (workerScripts.has(blob) ? workerPath : createObjectURL(blob));
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  wasm.setThreadsCount(threads);
  const cpus = os.cpus;
  os.cpus = () => [...cpus(), ...cpus()];
  try {
    if (!(await tf.setBackend('wasm'))) throw new Error('the threaded wasm backend did not start');
  } finally {
    os.cpus = cpus;
  }
}

/** Runs in a child process: times training steps for each case, prints one JSON line per case. */
async function child(config: Config): Promise<void> {
  if (config.backend === 'wasm' && config.threads > 0) await enableWasmThreadsInNode(config.threads);
  const tf = await import('../src/lib/vq/tf.ts');
  await import('@tensorflow/tfjs-backend-cpu');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const { applyNetwork, buildNetwork, networkPresets } = await import('../src/lib/vq/index.ts');
  const { registerWasmTrainingKernels } = await import('../src/lib/vq/wasm-training-kernels.ts');
  registerWasmTrainingKernels();
  if (!(await tf.setBackend(config.backend))) throw new Error(`backend ${config.backend} did not start`);
  let label = 'cpu';
  if (config.backend === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    const threaded = await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT');
    label = `wasm ${simd ? 'SIMD' : 'no SIMD'}, ${threaded ? `threaded binary, ${wasm.getThreadsCount()} thread(s)` : '1 thread'}`;
  }
  for (const { preset, batch, steps } of config.cases) {
    const { encoder, decoder } = networkPresets[preset];
    const layers = [...buildNetwork(encoder, 1, 16, 0), ...buildNetwork(decoder, 16, 16, 10)];
    const optimizer = tf.train.adam(1e-3);
    const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 1) as import('@tensorflow/tfjs-core').Tensor4D;
    const loss = () => tf.mean(tf.squaredDifference(applyNetwork(layers.slice(3), applyNetwork(layers.slice(0, 3), x)), x)) as import('@tensorflow/tfjs-core').Scalar;
    const step = () => {
      const { value, grads } = tf.variableGrads(loss);
      optimizer.applyGradients(grads);
      value.dataSync();
      tf.dispose([value, grads]);
    };
    const warmUp = config.backend === 'cpu' ? 1 : 3;
    for (let i = 0; i < warmUp; i++) step();
    const walls: number[] = [];
    const cpus: number[] = [];
    for (let i = 0; i < steps; i++) {
      const cpu = process.cpuUsage();
      const start = performance.now();
      step();
      walls.push(performance.now() - start);
      const used = process.cpuUsage(cpu);
      cpus.push((used.user + used.system) / 1000);
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const ms = median(walls);
    const row: Row = { label, preset, batch, ms, cpuMs: median(cpus), imagesPerSecond: (batch * 1000) / ms };
    console.log(JSON.stringify(row));
    optimizer.dispose();
    tf.dispose([x, ...layers.flatMap(({ kernel, bias }) => [kernel, bias])]);
  }
}

/** Runs `config` in a fresh Node process and returns its rows (or none, with the error printed). */
function runChild(config: Config): Row[] {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', JSON.stringify(config)], { encoding: 'utf8', timeout: 150_000 });
  const rows = (result.stdout ?? '').split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Row);
  if (result.status !== 0) console.error(`child ${JSON.stringify(config)} failed (status ${result.status}):\n${(result.stderr ?? '').trim().split('\n').slice(-5).join('\n')}`);
  return rows;
}

/** PyTorch's R1 images/s by batch size, from the reference script (1 thread), or an empty map. */
function pytorchReference(steps: number): Map<number, { ms: number; imagesPerSecond: number }> {
  const figures = new Map<number, { ms: number; imagesPerSecond: number }>();
  if (!existsSync(reference) || !existsSync(python)) {
    console.log(`PyTorch reference not run: needs ${python} with python3-torch, and ${reference}`);
    return figures;
  }
  const result = spawnSync(python, [reference, String(steps)], { encoding: 'utf8', timeout: 120_000 });
  for (const line of (result.stdout ?? '').split('\n').filter((l) => l.startsWith('{'))) {
    const row = JSON.parse(line) as { batch: number; ms_per_step: number; images_per_s: number };
    figures.set(row.batch, { ms: row.ms_per_step, imagesPerSecond: row.images_per_s });
  }
  if (figures.size === 0) console.log(`PyTorch reference failed: ${(result.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
  return figures;
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`Conv-net training step (MSE + variableGrads + Adam), 28×28×1 input; ${os.cpus().length} logical cores, load average ${os.loadavg()[0].toFixed(2)}`);
  const cases = (steps: number) =>
    [128, 32].flatMap((batch) => (['r1', 'tiny'] as const).map((preset) => ({ preset, batch, steps: batch === 128 ? steps : 2 * steps })));
  const rows: Row[] = [];
  rows.push(...runChild({ backend: 'wasm', threads: 0, cases: cases(10) }));
  rows.push(...runChild({ backend: 'wasm', threads: 2, cases: cases(10) }));
  // The stock cpu backend is about two orders of magnitude slower: a couple of small steps say enough.
  rows.push(...runChild({ backend: 'cpu', threads: 0, cases: [{ preset: 'r1', batch: 32, steps: 2 }, { preset: 'tiny', batch: 32, steps: 2 }] }));
  const torch = pytorchReference(20);

  console.log('\nbackend                                          preset  batch   ms/step  cpu ms/step   images/s  vs PyTorch R1 (same batch)');
  for (const row of rows) {
    const baseline = row.preset === 'r1' ? torch.get(row.batch) : undefined;
    const ratio = baseline ? `${(row.imagesPerSecond / baseline.imagesPerSecond).toFixed(2)}×` : '';
    console.log(
      `${row.label.padEnd(48)} ${row.preset.padEnd(6)} ${String(row.batch).padStart(6)} ${row.ms.toFixed(1).padStart(9)} ${row.cpuMs.toFixed(1).padStart(12)} ${row.imagesPerSecond.toFixed(0).padStart(10)}  ${ratio}`,
    );
  }
  for (const [batch, { ms, imagesPerSecond }] of [...torch].sort((a, b) => b[0] - a[0])) {
    console.log(`${'PyTorch CPU (reference script), 1 thread'.padEnd(48)} ${'r1'.padEnd(6)} ${String(batch).padStart(6)} ${ms.toFixed(1).padStart(9)} ${''.padStart(12)} ${imagesPerSecond.toFixed(0).padStart(10)}`);
  }
  console.log(`\n(ms/step: median wall time; cpu ms/step: CPU time of all the process's threads, which exceeds wall time with threads and falls short of it when other processes share the cores.) Took ${((performance.now() - started) / 1000).toFixed(0)} s.`);
}

if (process.argv[2] === '--child') {
  await child(JSON.parse(process.argv[3]) as Config);
  // The threaded backend's workers would keep the process alive.
  process.exit(0);
} else {
  await main();
}

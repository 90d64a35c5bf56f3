// Training throughput: our VQ-VAE on each Node backend against the PyTorch reference, in one run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as tf from '../../src/lib/vq/tf.ts';
import { VQVAE, type Preset } from '../../src/lib/vq/index.ts';
import { startNodeBackend } from '../lib/node-backend.ts';
import { medianMs } from '../lib/median.ts';

const reference = process.env.TORCH_REFERENCE ?? '../shared/reference/torch_r1.py';
const python = '/usr/bin/python3';

type Row = { backend: string; preset: Preset; batch: number; ms: number; imagesPerSecond: number; kernels: number };

/** PyTorch's images/s for R1 by batch size, or null when PyTorch or the script is missing. */
function pytorchReference(steps: number): Map<number, number> | null {
  if (!existsSync(reference) || !existsSync(python)) return null;
  try {
    const output = execFileSync(python, [reference, String(steps)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const rows = output.trim().split('\n').map((line) => JSON.parse(line) as { batch: number; images_per_s: number });
    return new Map(rows.map((r) => [r.batch, r.images_per_s]));
  } catch {
    return null;
  }
}

async function measure(backend: string, preset: Preset, batch: number, repeats: number): Promise<Row> {
  const model = VQVAE.create({ preset });
  const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  const ms = await medianMs(() => model.trainStep(x), repeats, 2);
  // Kernels per step: what a GPU backend pays a dispatch for, so the number to keep cutting.
  const profile = await tf.profile(async () => {
    await model.trainStep(x);
  });
  x.dispose();
  model.dispose();
  return { backend, preset, batch, ms, imagesPerSecond: (batch * 1000) / ms, kernels: profile.kernels.length };
}

/** The median of some numbers. */
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Prints images/s for r1 and tiny on wasm and cpu, PyTorch's figure, and the ratio. */
export async function benchTraining(repeats: number, rounds = 3): Promise<void> {
  console.log(`\nTraining throughput, one Adam step on random 28×28 images (median of ${repeats} steps)`);
  const wasm = await startNodeBackend('wasm');
  // The headline ratio alternates PyTorch and us over several rounds, so that a burst of load from
  // elsewhere on a shared machine does not land on one side only.
  const torchRounds: Map<number, number>[] = [];
  const oursRounds: Row[] = [];
  for (let round = 0; round < rounds; round++) {
    const torch = pytorchReference(10);
    if (torch) torchRounds.push(torch);
    oursRounds.push(await measure(wasm, 'r1', 128, repeats));
  }
  const torch = torchRounds.length ? new Map([32, 128].map((batch) => [batch, median(torchRounds.map((t) => t.get(batch)!))])) : null;
  const headline = oursRounds.sort((a, b) => a.ms - b.ms)[Math.floor(oursRounds.length / 2)];
  const rows: Row[] = [headline, await measure(wasm, 'r1', 32, repeats)];
  for (const batch of [128, 32]) rows.push(await measure(wasm, 'tiny', batch, repeats));
  // The stock cpu backend is two orders of magnitude slower: one small step each says enough.
  await startNodeBackend('cpu');
  for (const preset of ['r1', 'tiny'] as const) rows.push(await measure('cpu', preset, 32, 1));

  console.log('backend                   preset  batch   ms/step   images/s  kernels/step  vs PyTorch (R1, same batch)');
  for (const row of rows) {
    const baseline = row.preset === 'r1' ? torch?.get(row.batch) : undefined;
    const ratio = baseline ? `${(row.imagesPerSecond / baseline).toFixed(2)}×` : '';
    console.log(
      `${row.backend.padEnd(25)} ${row.preset.padEnd(6)} ${String(row.batch).padStart(6)} ${row.ms.toFixed(1).padStart(9)} ${row.imagesPerSecond.toFixed(0).padStart(10)} ${String(row.kernels).padStart(13)}  ${ratio}`,
    );
  }
  if (torch) {
    for (const [batch, imagesPerSecond] of torch) console.log(`PyTorch CPU, 1 thread, R1, batch ${batch}: ${imagesPerSecond.toFixed(1)} images/s (median of ${torchRounds.length} runs of ${reference})`);
    console.log(`r1 at batch 128, round by round: ours ${oursRounds.map((r) => r.imagesPerSecond.toFixed(0)).join(', ')} images/s; PyTorch ${torchRounds.map((t) => t.get(128)!.toFixed(0)).join(', ')}`);
  } else {
    console.log(`PyTorch reference not run: needs ${python} with python3-torch and ${reference}`);
  }
}

// The PixelCNN prior: how long sampling takes on each Node backend, and the quality figures of the
// committed priors (from their training logs, which record held-out bits per latent).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '../../src/lib/vq/tf.ts';
import { PixelCNNPrior } from '../../src/lib/vq/index.ts';
import { fileCheckpoint } from '../../src/lib/vq/node.ts';
import { startNodeBackend } from '../lib/node-backend.ts';
import { medianMs } from '../lib/median.ts';

const priors = ['prior-tiny-mnist', 'prior-tiny-fashion-mnist', 'prior-r1-mnist'];

/** Prints sampling time for 16 grids of 7×7 per backend, and each committed prior's held-out bits. */
export async function benchPrior(repeats: number): Promise<void> {
  console.log('\nPixelCNN prior: held-out bits per latent (training logs) and time to sample 16 grids of 7×7');
  for (const name of priors) {
    const logPath = join('public/models', name, 'training-log.json');
    if (!existsSync(logPath)) continue;
    const log = JSON.parse(readFileSync(logPath, 'utf8')) as { evaluations: { heldOutBitsPerLatent: number }[]; heldOutUnigramBits: number; parameters: number };
    console.log(`${name.padEnd(26)} held-out ${log.evaluations.at(-1)!.heldOutBitsPerLatent.toFixed(3)} bits/latent, unigram ${log.heldOutUnigramBits.toFixed(3)}, ${log.parameters.toLocaleString('en')} parameters`);
  }
  for (const backend of ['wasm', 'cpu']) {
    const described = await startNodeBackend(backend);
    for (const name of priors) {
      const directory = join('public/models', name);
      if (!existsSync(join(directory, 'model.json'))) continue;
      const prior = await PixelCNNPrior.load(fileCheckpoint(directory));
      const ms = await medianMs(async () => tf.dispose((await prior.sample(16, { seed: 1 })).codes), backend === 'cpu' ? 1 : repeats);
      console.log(`${described.padEnd(25)} ${name.padEnd(26)} ${ms.toFixed(0).padStart(6)} ms for 16 samples (49 positions each)`);
      prior.dispose();
    }
  }
}

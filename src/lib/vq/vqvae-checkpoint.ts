import type * as tf from './tf.ts';
import type { Adam } from './adam.ts';
import type { CheckpointParts } from './checkpoint.ts';
import type { EncoderDecoder } from './encoder-decoder.ts';
import type { NamedWeight, Quantiser } from './quantisers/index.ts';
import type { TrainingLedger } from './training-ledger.ts';
import { combineStates, flagState, type LoadedState } from './training-state.ts';

/** What a VQ-VAE knows of itself beyond its tensors: whether its codes are set (k-means++ waits for a first batch), and what a checkpoint loaded into it held. */
export type VQVAEStatus = { codebookReady: boolean; loadedState: LoadedState | null };

/** The parts of a VQ-VAE its checkpoints read and write. */
export type VQVAEParts = { networks: EncoderDecoder; quantiser: Quantiser; optimizer: Adam; ledger: TrainingLedger; status: VQVAEStatus };

/** What a VQ-VAE's optimiser trains, in the order of Adam's flat moments. */
export function vqvaeTrainable({ networks, quantiser }: Pick<VQVAEParts, 'networks' | 'quantiser'>): tf.Variable[] {
  return [...networks.variables(), ...quantiser.trainableVariables()];
}

/** Every weight a VQ-VAE's checkpoint holds, under its stable name. */
export function vqvaeWeights({ networks, quantiser }: Pick<VQVAEParts, 'networks' | 'quantiser'>): NamedWeight[] {
  return [...networks.namedWeights(), ...quantiser.namedWeights()];
}

/**
 * A VQ-VAE's checkpoint: its weights, and as training state Adam's moments and step, the quantiser's
 * (EMA counts and sums, the restart stream's position), how long each code has gone unchosen, and
 * whether the codes are set. The step is the checkpoint's own.
 */
export function vqvaeCheckpoint(parts: VQVAEParts): CheckpointParts {
  const { quantiser, optimizer, ledger, status } = parts;
  const weights = vqvaeWeights(parts);
  const state = combineStates({
    optimizer: optimizer.trainingState(vqvaeTrainable(parts), weights),
    quantiser: quantiser.trainingState?.(),
    deadCodes: ledger.monitor.trainingState(),
    codebook: flagState(status, 'codebookReady', 'codebook.codebookReady'),
  });
  const loaded = (step: number, held: LoadedState) => {
    ledger.step = step;
    status.loadedState = held;
    // An older checkpoint was saved after training, so its codes are set.
    if (held === 'weights') status.codebookReady = true;
  };
  return { step: ledger.step, weights, state, loaded };
}

import type { Preset } from './config.ts';

/**
 * One layer of an encoder or decoder. Every layer pads 'same', as in the Keras example, so a stride of
 * 2 halves (conv) or doubles (convTranspose) the grid. `filters: 'codeDim'` stands for the config's D.
 */
export interface LayerSpec {
  kind: 'conv' | 'convTranspose';
  filters: number | 'codeDim';
  kernel: number;
  stride: 1 | 2;
  activation: 'relu' | 'linear';
}

/** An encoder (28×28×1 → 7×7×D) and a decoder (7×7×D → 28×28×1) as layer lists. */
export interface NetworkPreset {
  encoder: LayerSpec[];
  decoder: LayerSpec[];
}

const conv = (filters: number | 'codeDim', kernel: number, stride: 1 | 2, activation: 'relu' | 'linear'): LayerSpec => ({ kind: 'conv', filters, kernel, stride, activation });
const convTranspose = (filters: number, kernel: number, stride: 1 | 2, activation: 'relu' | 'linear'): LayerSpec => ({ kind: 'convTranspose', filters, kernel, stride, activation });

/** The presets as data: adding one is adding an entry here, not writing a model. */
export const networkPresets: Record<Preset, NetworkPreset> = {
  // R1 in DESIGN.md: exactly the Keras VQ-VAE example's encoder and decoder.
  r1: {
    encoder: [conv(32, 3, 2, 'relu'), conv(64, 3, 2, 'relu'), conv('codeDim', 1, 1, 'linear')],
    decoder: [convTranspose(64, 3, 2, 'relu'), convTranspose(32, 3, 2, 'relu'), convTranspose(1, 3, 1, 'linear')],
  },
  // R1's shape at half the width: about a quarter of the work, so integrated graphics can train it visibly.
  tiny: {
    encoder: [conv(16, 3, 2, 'relu'), conv(32, 3, 2, 'relu'), conv('codeDim', 1, 1, 'linear')],
    decoder: [convTranspose(32, 3, 2, 'relu'), convTranspose(16, 3, 2, 'relu'), convTranspose(1, 3, 1, 'linear')],
  },
};

import type { Preset } from './config.ts';

/**
 * One layer of an encoder or decoder. Layers pad 'same' unless they say otherwise, as in the Keras
 * example, so a stride of 2 halves (conv) or doubles (convTranspose) the grid. 'valid' padding lets a
 * 3×3 kernel of stride 2 take 7×7 to 3×3 and back. `filters: 'codeDim'` stands for the config's D.
 */
export interface LayerSpec {
  kind: 'conv' | 'convTranspose';
  filters: number | 'codeDim';
  kernel: number;
  stride: 1 | 2;
  activation: 'relu' | 'linear';
  padding?: 'same' | 'valid';
}

/** An encoder (28×28×1 → 7×7×D) and a decoder (7×7×D → 28×28×1) as layer lists. */
export interface NetworkPreset {
  encoder: LayerSpec[];
  decoder: LayerSpec[];
}

type Padding = 'same' | 'valid';
const conv = (filters: number | 'codeDim', kernel: number, stride: 1 | 2, activation: 'relu' | 'linear', padding: Padding = 'same'): LayerSpec => ({ kind: 'conv', filters, kernel, stride, activation, padding });
const convTranspose = (filters: number, kernel: number, stride: 1 | 2, activation: 'relu' | 'linear', padding: Padding = 'same'): LayerSpec => ({ kind: 'convTranspose', filters, kernel, stride, activation, padding });

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

/** The five networks of the two-level model, in the order the data flows through them. */
export interface HierarchicalPreset {
  /** 28×28×1 → 7×7×32 features, shared by both levels. */
  encoder: LayerSpec[];
  /** 7×7×32 features → 3×3×D top latents. */
  topEncoder: LayerSpec[];
  /** 3×3×D top codes → 7×7×32 top features, which condition the bottom latents and the decoder. */
  topDecoder: LayerSpec[];
  /** [features ‖ top features] 7×7×64 → 7×7×D bottom latents. */
  bottomEncoder: LayerSpec[];
  /** [bottom codes ‖ top features] 7×7×(D+32) → 28×28×1. */
  decoder: LayerSpec[];
}

/**
 * The two-level model in the style of VQ-VAE-2 (Razavi et al. 2019), at the tiny preset's width. A 3×3
 * kernel of stride 2 without padding takes the 7×7 grid to 3×3 and, transposed, back to 7×7 exactly.
 */
export const hierarchicalPreset: HierarchicalPreset = {
  encoder: [conv(16, 3, 2, 'relu'), conv(32, 3, 2, 'relu')],
  topEncoder: [conv(32, 3, 2, 'relu', 'valid'), conv('codeDim', 1, 1, 'linear')],
  topDecoder: [convTranspose(32, 3, 2, 'relu', 'valid')],
  bottomEncoder: [conv('codeDim', 1, 1, 'linear')],
  decoder: [convTranspose(32, 3, 2, 'relu'), convTranspose(16, 3, 2, 'relu'), convTranspose(1, 3, 1, 'linear')],
};

/**
 * The model module: the VQ-VAE's parts as functions on tensors. It imports only tfjs-core, never the
 * DOM, so the same code runs in Node, a Web Worker and a page.
 */
export { stopGradient } from './stop-gradient.ts';
export { nearestCodes, squaredDistances } from './nearest-codes.ts';
export { lookupCodes } from './lookup-codes.ts';
export { straightThrough } from './straight-through.ts';
export { vqLosses } from './vq-losses.ts';
export type { VQLosses } from './vq-losses.ts';
export { codeUsage, perplexity, usagePerplexity } from './perplexity.ts';
export { EmaCodebook } from './ema-codebook.ts';
export type { EmaSettings } from './ema-codebook.ts';
export { kMeansPlusPlusCodebook, uniformCodebook } from './codebook-init.ts';
export { DeadCodeMonitor, reseedCodes } from './dead-codes.ts';
export { presets, resolveConfig } from './config.ts';
export type { Preset, ResolvedVQVAEConfig, VQVAEConfig } from './config.ts';
export { networkPresets } from './presets.ts';
export type { LayerSpec, NetworkPreset } from './presets.ts';
export { applyNetwork, buildNetwork, disposeNetwork, namedLayers, parameterCount } from './network.ts';
export type { LayerParams } from './network.ts';
export { Adam } from './adam.ts';
export { VQVAE, deadCodePatience } from './vqvae.ts';
export type { LiveHyperparameters, TrainMetrics } from './vqvae.ts';
export { CheckpointError, assignCheckpointWeights, checkpointFormat, loadCheckpoint, readCheckpoint, modelJsonFor, restoreModel, saveCheckpoint, saveModel } from './checkpoint.ts';
export type { CheckpointMetadata, CheckpointSource, ExpectedWeight } from './checkpoint.ts';
export { registerWasmTrainingKernels } from './wasm-conv-gradients.ts';
export { createMask } from './masks.ts';
export { PixelCNNPrior } from './pixelcnn-prior.ts';
export { unigramBits } from './unigram.ts';
export type { PriorMetrics, SampleOptions, SampleStep } from './pixelcnn-prior.ts';
export { resolvePriorConfig } from './prior-config.ts';
export type { PixelCNNPriorConfig, ResolvedPixelCNNPriorConfig } from './prior-config.ts';
export { assertPriorMatches } from './pairing.ts';
export { l2Normalize, nearestCodesCosine } from './cosine-lookup.ts';
export { residualQuantise, residualVqLosses } from './residual-vq.ts';
export type { ResidualQuantisation, ResidualVQLosses } from './residual-vq.ts';
export { fsq, fsqGrid } from './fsq.ts';
export { rotationTrick } from './rotation-trick.ts';
export { simvqCodebook } from './simvq.ts';
export { gaussianKl } from './kl-divergence.ts';
export { Autoencoder } from './autoencoder.ts';
export type { AutoencoderConfig, AutoencoderMetrics, ResolvedAutoencoderConfig } from './autoencoder.ts';
export { HierarchicalVQVAE } from './hierarchical-vqvae.ts';
export type { HierarchicalCodes, HierarchicalTrainMetrics, HierarchicalVQVAEConfig, ResolvedHierarchicalVQVAEConfig } from './hierarchical-vqvae.ts';
export { hierarchicalPreset } from './presets.ts';
export type { HierarchicalPreset } from './presets.ts';

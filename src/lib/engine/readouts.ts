import * as tf from '@tensorflow/tfjs-core';
import { Autoencoder, HierarchicalVQVAE, VQVAE } from '@vq-vae-live/vq';
import { invalidRequest } from './engine-error.ts';
import type { HostedModel } from './hosted-model.ts';
import type { Inspection, Reply } from './protocol.ts';
import { readAndFree, readFloats, readInts } from './tensors.ts';

/**
 * What a model makes of images, read back into arrays: codes or latents, reconstructions, and the
 * inspection a latent-space picture is drawn from. The requests and the pushed snapshots share these.
 * Each frees `x`.
 */

/** How many residual stages a VQ-VAE quantises with (1 for every other quantiser). */
export function residualStagesOf(model: VQVAE): number {
  const { quantiser } = model.config;
  return quantiser.kind === 'residual' ? quantiser.stages : 1;
}

/** Refuses `stages` unless the model is a VQ-VAE with at least that many residual stages. */
export function checkStages(model: HostedModel, stages: number | undefined, request = 'reconstruct'): void {
  if (stages === undefined) return;
  if (!(model instanceof VQVAE)) throw invalidRequest(`${request}: only a VQ-VAE has residual stages`);
  const most = residualStagesOf(model);
  if (!(Number.isInteger(stages) && stages >= 1 && stages <= most)) throw invalidRequest(`${request}: stages must be a whole number from 1 to ${most}, got ${stages}`);
}

/** Refuses an inspection of a model that has no single latent space to draw (the two-level VQ-VAE). */
export function checkInspectable(model: HostedModel, request: string, autoencoders = false): void {
  if (model instanceof VQVAE || (autoencoders && model instanceof Autoencoder)) return;
  throw invalidRequest(`${request}: only a VQ-VAE with one codebook${autoencoders ? ' or an autoencoder' : ''} can be inspected`);
}

/** What the model makes of `x`; with `stages` (checked first), decoded from the first `stages` residual stages only. */
export async function reconstruction(model: HostedModel, x: tf.Tensor4D, stages?: number): Promise<Float32Array> {
  if (stages === undefined || !(model instanceof VQVAE)) return readAndFree(() => model.reconstruct(x), readFloats, [x]);
  const grids = model.encodeStages(x);
  // The model checks codes without reading them synchronously, so the grids go straight in.
  return readAndFree(async () => await model.decode(grids.slice(0, stages)), readFloats, [x, ...grids]);
}

/** A VQ-VAE's encoder outputs for `x` with its codebook and dead codes, or an autoencoder's latents. */
export async function inspection(model: VQVAE | Autoencoder, x: tf.Tensor4D): Promise<Inspection> {
  const latents = model instanceof VQVAE ? model.latents(x) : model.encode(x);
  try {
    return {
      latents: await readFloats(latents),
      codebook: model instanceof VQVAE ? await readFloats(model.codebook) : new Float32Array(0),
      dim: latents.shape[1],
      deadCodes: model instanceof VQVAE ? model.deadCodeIndices : [],
    };
  } finally {
    tf.dispose([x, latents]);
  }
}

/** Encodes `x`: code grids from a VQ-VAE (both grids from the two-level one), latents from an autoencoder. */
export async function encoding(model: HostedModel, x: tf.Tensor4D): Promise<Reply<'codes'> | Reply<'latents'>> {
  const count = x.shape[0];
  if (model instanceof Autoencoder) {
    return readAndFree(() => model.encode(x), async (latents) => ({ type: 'latents', latents: await readFloats(latents), count, dim: latents.shape[1]! }), [x]);
  }
  if (model instanceof HierarchicalVQVAE) {
    const { top, bottom } = model.encode(x);
    try {
      return { type: 'codes', codes: await readInts(bottom), count, grid: model.grids.bottom, top: { codes: await readInts(top), grid: model.grids.top } };
    } finally {
      tf.dispose([x, top, bottom]);
    }
  }
  return readAndFree(() => model.encode(x), async (codes) => ({ type: 'codes', codes: await readInts(codes), count, grid: [codes.shape[1]!, codes.shape[2]!] }), [x]);
}

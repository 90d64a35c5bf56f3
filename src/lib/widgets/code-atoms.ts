/**
 * What each code of a VQ-VAE draws on its own: a grid filled with the code a blank image gets, with
 * one code in the centre cell, decoded, and the centre cropped. Widgets show these as the codebook's
 * "atoms", in palettes and next to a prior's predictions.
 */
import type { EngineClient } from '../engine/client.svelte.ts';
import type { ModelInfo } from '../engine/protocol.ts';
import { toByte } from './pixels.ts';

const PIXELS = 28 * 28;

/** The code a blank (all-background) image gets in the centre of its grid. */
export async function blankCode(engine: EngineClient, model: string, { grid: [height, width] }: ModelInfo): Promise<number> {
  const centre = Math.floor(height / 2) * width + Math.floor(width / 2);
  return (await engine.encode(model, new Float32Array(PIXELS), 1)).codes[centre];
}

/** One `size`×`size` uint8 picture per code, one batched decode for the whole codebook. */
export async function decodeAtoms(engine: EngineClient, model: string, info: ModelInfo, size: number): Promise<Uint8Array> {
  const { codebookSize: K } = info.config;
  const [height, width] = info.grid;
  const cells = height * width;
  const centre = Math.floor(height / 2) * width + Math.floor(width / 2);
  const grids = new Int32Array(K * cells).fill(await blankCode(engine, model, info));
  for (let k = 0; k < K; k++) grids[k * cells + centre] = k;
  const images = await engine.decode(model, grids, K);
  const crop = new Uint8Array(K * size * size);
  const offset = (28 - size) / 2;
  for (let k = 0; k < K; k++) {
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) crop[(k * size + y) * size + x] = toByte(images[k * PIXELS + (y + offset) * 28 + x + offset]);
    }
  }
  return crop;
}

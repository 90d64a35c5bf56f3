import type { PixelCNNPrior } from './pixelcnn-prior.ts';
import type { VQVAE } from './vqvae.ts';

/**
 * Refuses a prior that cannot model this VQ-VAE's codes: its K must equal the codebook size, and its
 * grid the VQ-VAE's code grid. Checked before anything runs, because a mismatch would otherwise surface
 * as nonsense samples or an index error deep inside a sampling loop.
 */
export function assertPriorMatches(prior: PixelCNNPrior, vqvae: VQVAE): void {
  const { codebookSize, height, width } = prior.config;
  const [gridHeight, gridWidth] = vqvae.grid;
  const problems: string[] = [];
  if (codebookSize !== vqvae.config.codebookSize) problems.push(`K is ${codebookSize} in the prior but ${vqvae.config.codebookSize} in the VQ-VAE`);
  if (height !== gridHeight || width !== gridWidth) problems.push(`the prior's grid is ${height}×${width} but the VQ-VAE's is ${gridHeight}×${gridWidth}`);
  if (problems.length > 0) throw new Error(`This prior does not fit this VQ-VAE: ${problems.join('; ')}`);
}

import { describe, expect, it } from 'vitest';
import { resolveConfig, type VQVAEConfig } from '../../src/lib/vq/index.ts';

describe('VQVAE config', () => {
  it('fills in each preset’s defaults, and keeps what is given', () => {
    expect(resolveConfig({ preset: 'r1' })).toEqual({
      preset: 'r1',
      codebookSize: 128,
      codeDim: 16,
      beta: 0.25,
      learningRate: 1e-3,
      gradient: 'ste',
      quantiser: { kind: 'codebook', lookup: 'euclidean', lookupDim: null, init: 'uniform', update: 'loss', emaDecay: 0.99, deadCodeRestart: false },
      seed: 0,
    });
    const tiny = resolveConfig({ preset: 'tiny', codebookSize: 32, beta: 0, codebookUpdate: 'ema', deadCodeRestart: 50, codeDim: undefined });
    expect(tiny.quantiser.kind === 'codebook' && [tiny.codebookSize, tiny.beta, tiny.quantiser.update, tiny.quantiser.deadCodeRestart, tiny.codeDim]).toEqual([32, 0, 'ema', 50, 8]);
  });

  const rejected: [Partial<VQVAEConfig> & Record<string, unknown>, string][] = [
    [{ preset: 'huge' as 'tiny' }, 'preset must be one of tiny, r1, got "huge"'],
    [{ codebookSize: 0 }, 'codebookSize must be a whole number from 1 to 4096, got 0'],
    [{ codebookSize: 2.5 }, 'codebookSize must be a whole number from 1 to 4096, got 2.5'],
    [{ codeDim: 0 }, 'codeDim must be a whole number from 1 to 256, got 0'],
    [{ beta: -0.1 }, 'beta must be a finite number ≥ 0, got -0.1'],
    [{ learningRate: Number.NaN }, 'learningRate must be a finite number > 0, got NaN'],
    [{ learningRate: Number.POSITIVE_INFINITY }, 'learningRate must be a finite number > 0, got Infinity'],
    [{ learningRate: 0 }, 'learningRate must be a finite number > 0, got 0'],
    [{ codebookUpdate: 'adam' as 'loss' }, 'codebookUpdate must be "loss" or "ema", got "adam"'],
    [{ codebookInit: 'random' as 'uniform' }, 'codebookInit must be "uniform" or "kmeans++", got "random"'],
    [{ lookup: 'manhattan' as 'cosine' }, 'lookup must be "euclidean" or "cosine", got "manhattan"'],
    [{ gradient: 'gumbel' as 'ste' }, 'gradient must be "ste", "rotation" or "none", got "gumbel"'],
    [{ simvq: true, codebookUpdate: 'ema' }, 'codebookUpdate must be "loss" with simvq'],
    [{ simvq: true, deadCodeRestart: 10 }, 'deadCodeRestart must be false with simvq'],
    [{ lookupDim: 8 }, 'lookupDim must be a whole number from 1 to 7, got 8'],
    [{ residualStages: 0 }, 'residualStages must be a whole number from 1 to 8, got 0'],
    [{ residualStages: 2, lookup: 'cosine' }, 'lookup must be "euclidean" with residualStages > 1'],
    [{ residualStages: 2, codebookUpdate: 'ema' }, 'codebookUpdate must be "loss" with residualStages > 1'],
    [{ fsq: [8, 1] }, 'fsq must be a list of 1 to 16 whole numbers from 2 to 64, got [8,1]'],
    [{ fsq: [8, 8, 8, 8, 8] }, 'fsq must be levels whose product is at most 4096, got [8,8,8,8,8]'],
    [{ fsq: [8, 5, 5], codebookSize: 64 }, 'codebookSize must be the product of the fsq levels (200) or left out, got 64'],
    [{ emaDecay: 1 }, 'emaDecay must be a number in (0, 1), got 1'],
    [{ deadCodeRestart: 0 }, 'deadCodeRestart must be a whole number from 1 to'],
    [{ seed: -1 }, 'seed must be a whole number from 0 to 4294967295, got -1'],
    [{ codebooksize: 64 }, 'codebooksize must be one of the known fields'],
  ];
  for (const [fields, message] of rejected) {
    it(`rejects ${JSON.stringify(fields, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))}`, () => {
      expect(() => resolveConfig({ preset: 'tiny', ...fields } as VQVAEConfig)).toThrow(message);
    });
  }
});

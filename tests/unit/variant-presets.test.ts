import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/lib/vq/config.ts';
import { checkSteps, checkVariantSelection, DEFAULT_VARIANTS, formatMetric, parseVariantList, VARIANT_IDS, variantConfig } from '../../src/lib/widgets/variant-presets.ts';

// Chapter 6's arena: every variant must be a valid model config, and what a reader picks or types is checked.
describe('variant presets', () => {
  it('gives every variant a valid tiny config with 64 codes and the shared seed', () => {
    for (const id of VARIANT_IDS) {
      const resolved = resolveConfig(variantConfig(id, 5));
      expect([resolved.preset, resolved.codebookSize, resolved.seed], id).toEqual(['tiny', 64, 5]);
    }
    expect(resolveConfig(variantConfig('fsq')).codeDim).toBe(2);
    expect(resolveConfig(variantConfig('residual')).quantiser).toEqual({ kind: 'residual', stages: 2 });
    expect(resolveConfig(variantConfig('plain'))).toEqual(resolveConfig({ preset: 'tiny' }));
  });

  it('accepts 2 to 4 different known variants and says what is wrong otherwise', () => {
    expect(checkVariantSelection(DEFAULT_VARIANTS)).toEqual({ value: DEFAULT_VARIANTS });
    expect(checkVariantSelection(['plain'])).toEqual({ problem: 'Pick at least 2 variants to compare.' });
    expect(checkVariantSelection(['plain', 'ema', 'cosine', 'fsq', 'simvq'])).toMatchObject({ problem: expect.stringContaining('at most 4') });
    expect(checkVariantSelection(['plain', 'plain'])).toEqual({ problem: 'Each variant can be picked only once.' });
    expect(checkVariantSelection(['plain', 'vqgan'])).toMatchObject({ problem: expect.stringContaining('Unknown variant: vqgan') });
  });

  it('reads a ?variants= list, ignoring case, spaces and empty entries', () => {
    expect(parseVariantList(' EMA, lowdim,')).toEqual({ value: ['ema', 'lowdim'] });
    expect(parseVariantList('')).toMatchObject({ problem: expect.stringContaining('at least 2') });
  });

  it('takes a whole number of steps from 1 to 2000 and refuses anything else', () => {
    expect(checkSteps('300')).toEqual({ value: 300 });
    expect(checkSteps(' 1 ')).toEqual({ value: 1 });
    expect(checkSteps(2000)).toEqual({ value: 2000 });
    for (const bad of ['0', '2001', '1.5', 'ten', '', '-3', 'NaN', 'Infinity']) {
      expect(checkSteps(bad), bad).toEqual({ problem: `Steps must be a whole number from 1 to 2000; got ${bad.trim() || 'nothing'}.` });
    }
  });

  it('formats each metric for the text summary', () => {
    expect(formatMetric('perplexity', 12.345)).toBe('12.3');
    expect(formatMetric('deadCodes', 3)).toBe('3');
    expect(formatMetric('reconstruction', 0.012345)).toBe('0.0123');
    expect(formatMetric('reconstruction', Number.NaN)).toBe('–');
    expect(formatMetric('perplexity', undefined)).toBe('–');
  });
});

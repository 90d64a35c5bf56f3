import { describe, expect, it } from 'vitest';
import { codeGeometry } from '../../src/lib/analysis/code-geometry.ts';
import { geometryText, geometryViewFor } from '../../src/lib/widgets/variant-geometry.ts';
import { resolveConfig } from '../../src/lib/vq/config.ts';
import { VARIANT_IDS, variantConfig } from '../../src/lib/widgets/variant-presets.ts';

/** A deterministic cloud of n points in dim dimensions, stretched along the first axis. */
function cloud(n: number, dim: number, offset = 0): Float32Array {
  return Float32Array.from({ length: n * dim }, (_, i) => Math.sin(i * 1.7 + offset) * (i % dim === 0 ? 3 : 1) + (i % dim === 1 ? 2 : 0));
}

describe('codeGeometry', () => {
  it('projects D-dimensional codes and outputs onto the outputs’ principal components, with the share they show', () => {
    const picture = codeGeometry({ latents: cloud(100, 8), codebook: cloud(64, 8, 1), dim: 8, deadCodes: [3, 5] }, { kind: 'pca' });
    expect([picture.outputs.length, picture.codes.length]).toEqual([200, 128]);
    expect([...picture.dead]).toEqual([3, 5]);
    expect(picture.domain).toBeNull();
    expect(picture.shown).toBeGreaterThan(0.2);
    expect(picture.shown).toBeLessThanOrEqual(1);
  });

  it('draws 2-D codes as they are', () => {
    const [latents, codebook] = [cloud(10, 2), cloud(64, 2, 2)];
    const picture = codeGeometry({ latents, codebook, dim: 2, deadCodes: [] }, { kind: 'direct' });
    expect(Array.from(picture.outputs)).toEqual(Array.from(latents));
    expect(Array.from(picture.codes)).toEqual(Array.from(codebook));
    expect(() => codeGeometry({ latents: cloud(10, 8), codebook: cloud(4, 8), dim: 8, deadCodes: [] }, { kind: 'direct' })).toThrow('needs 2-D codes');
  });

  it('puts unit vectors inside the unit circle, whatever their length before', () => {
    const picture = codeGeometry({ latents: cloud(200, 8), codebook: cloud(64, 8, 3).map((v) => v * 40), dim: 8, deadCodes: [] }, { kind: 'sphere' });
    expect(picture.guide).toBe('unit-circle');
    for (const points of [picture.outputs, picture.codes]) {
      for (let i = 0; i < points.length / 2; i++) expect(Math.hypot(points[2 * i], points[2 * i + 1])).toBeLessThanOrEqual(1 + 1e-6);
    }
    // The codes' length was thrown away: some reach well out toward the circle.
    expect(Math.max(...Array.from({ length: 64 }, (_, k) => Math.hypot(picture.codes[2 * k], picture.codes[2 * k + 1])))).toBeGreaterThan(0.3);
  });

  it('redraws FSQ’s grid in levels: 8 × 8 integers from −4 to 3', () => {
    const codebook = new Float32Array(128);
    for (let n = 0; n < 64; n++) [codebook[2 * n], codebook[2 * n + 1]] = [((n % 8) - 4) / 4, (Math.floor(n / 8) - 4) / 4];
    const picture = codeGeometry({ latents: Float32Array.from([0.1, -0.6]), codebook, dim: 2, deadCodes: [] }, { kind: 'grid', levels: [8, 8] });
    expect(new Set(picture.codes)).toEqual(new Set([-4, -3, -2, -1, 0, 1, 2, 3]));
    expect(Array.from(picture.outputs).map((v) => Number(v.toFixed(5)))).toEqual([0.4, -2.4]);
    expect(picture.domain).toEqual([-4.6, 3.6]);
  });
});

describe('the arena’s geometry panels', () => {
  it('draw each variant in the space its lookup searches, and say which', () => {
    const views = Object.fromEntries(VARIANT_IDS.map((id) => [id, geometryViewFor(resolveConfig(variantConfig(id)))]));
    expect(views).toMatchObject({ fsq: { kind: 'grid', levels: [8, 8] }, lowdim: { kind: 'direct' }, cosine: { kind: 'sphere' }, plain: { kind: 'pca' }, ema: { kind: 'pca' }, simvq: { kind: 'pca' }, rotation: { kind: 'pca' }, residual: { kind: 'pca' } });
    expect(geometryText('fsq', 1).title).toBe('FSQ: its 8×8 grid, in its own 2 dimensions');
    expect(geometryText('cosine', 0.5).title).toContain('unit vectors, projected onto 2 principal components');
    expect(geometryText('cosine', 0.5).note).toContain('projection of the 8-D unit sphere');
    expect(geometryText('plain', 0.634).note).toContain('63%');
  });
});

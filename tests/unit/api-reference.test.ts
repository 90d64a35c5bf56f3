import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { API_ENTRY_POINTS, readApiReference, undocumentedExports } from '../../src/lib/content/api-reference.ts';

describe('the API reference of chapter 7', () => {
  const modules = readApiReference();

  it('every exported name of the model module and the engine entry has a doc comment', () => {
    expect(undocumentedExports(modules)).toEqual([]);
  });

  it('reads the names the design promises, with signatures and their classes’ methods', () => {
    const vq = modules.find((m) => m.file === 'src/lib/vq/index.ts')!;
    const names = vq.exports.map((e) => e.name);
    for (const name of ['nearestCodes', 'vqLosses', 'straightThrough', 'perplexity', 'createMask', 'VQVAE', 'PixelCNNPrior']) expect(names).toContain(name);
    expect(vq.exports.find((e) => e.name === 'nearestCodes')!.signature).toMatch(/^nearestCodes\(z: Tensor2D, codebook: Tensor2D\): Tensor1D$/);
    const vqvae = vq.exports.find((e) => e.name === 'VQVAE')!;
    expect(vqvae.kind).toBe('class');
    expect(vqvae.members.find((m) => m.name === 'create')).toMatchObject({ isStatic: true });
    expect(vqvae.members.find((m) => m.name === 'trainStep')!.doc).not.toBe('');
    const engine = modules.find((m) => m.file === 'src/lib/engine/index.ts')!;
    expect(engine.exports.map((e) => e.name)).toEqual(expect.arrayContaining(['EngineClient', 'TrainingSession', 'parseBackendRequest']));
    expect(modules.map((m) => m.subpath)).toEqual(API_ENTRY_POINTS.map((e) => e.subpath));
  });

  describe('on an entry with an undocumented export', () => {
    const dir = mkdtempSync(join(tmpdir(), 'api-reference-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('names it, whether it is declared in the entry or re-exported from another file', () => {
      writeFileSync(join(dir, 'parts.ts'), '/** Documented. */\nexport function kept() {}\nexport function bare() {}\nexport type Shape = { a: number };\n');
      writeFileSync(join(dir, 'index.ts'), "export { bare, kept } from './parts.ts';\nexport type { Shape } from './parts.ts';\nexport const alone = 1;\n");
      const reference = readApiReference(dir, [{ subpath: 'x', file: 'index.ts' }]);
      expect(undocumentedExports(reference).sort()).toEqual(['index.ts: Shape', 'index.ts: alone', 'index.ts: bare']);
    });
  });
});

import { describe, expect, it } from 'vitest';
import { createMask } from '../../src/lib/vq/index.ts';
import { maskGrid, maskOffsets, pixelCnnStack, receptiveField, summariseField, type MaskedLayer } from '../../src/lib/widgets/receptive-field.ts';

/** The positions of a 0/1 field as "row,column" strings, sorted, for readable comparisons. */
function cells(field: Uint8Array, width: number): string[] {
  const out: string[] = [];
  field.forEach((v, i) => v && out.push(`${Math.floor(i / width)},${i % width}`));
  return out;
}

describe('masks', () => {
  it('agree with createMask of the model module for every kernel size the explorer offers', () => {
    for (const k of [1, 3, 5, 7]) {
      for (const type of ['A', 'B'] as const) {
        const tensor = createMask(k, type, 1, 1);
        const fromModel = Array.from(tensor.dataSync());
        tensor.dispose();
        expect(maskGrid(k, type).flat(), `${k}×${k} type ${type}`).toEqual(fromModel);
      }
    }
  });

  it('keep (k² − 1)/2 positions for type A and one more for type B', () => {
    expect(maskOffsets(3, 'A')).toEqual([
      { dy: -1, dx: -1 },
      { dy: -1, dx: 0 },
      { dy: -1, dx: 1 },
      { dy: 0, dx: -1 },
    ]);
    expect(maskOffsets(3, 'B')).toHaveLength(5);
    expect(maskOffsets(7, 'A')).toHaveLength(24);
    expect(maskOffsets(7, 'B')).toHaveLength(25);
    expect(() => maskGrid(4, 'A')).toThrow('odd whole number');
  });
});

describe('receptive fields, worked by hand on a 9×9 grid at (4, 4)', () => {
  // 40 pixels come before (4, 4) in raster order: four rows of 9 and four to its left.
  it('one type-A 3×3 layer sees exactly left, up-left, up and up-right', () => {
    const field = receptiveField(pixelCnnStack(1, 3), 9, 9, 4, 4);
    expect(cells(field, 9)).toEqual(['3,3', '3,4', '3,5', '4,3']);
    // The blind spot: row 3 right of column 5 precedes the pixel, and no depth reaches it.
    expect(summariseField(pixelCnnStack(1, 3), 9, 9, 4, 4)).toMatchObject({ preceding: 40, seen: 4, blind: 3, unreached: 33 });
  });

  it('A then B: 2 + 4 + 5 = 11 pixels; the blind spot grows to 3 + 2', () => {
    // Row 4: columns 2–3. Row 3: 2–5 (one step up reaches one column right). Row 2: 2–6.
    const field = receptiveField(pixelCnnStack(2, 3), 9, 9, 4, 4);
    expect(cells(field, 9)).toEqual(['2,2', '2,3', '2,4', '2,5', '2,6', '3,2', '3,3', '3,4', '3,5', '4,2', '4,3']);
    expect(summariseField(pixelCnnStack(2, 3), 9, 9, 4, 4)).toMatchObject({ seen: 11, blind: 5, unreached: 24 });
  });

  it('three 3×3 layers: 3 + 5 + 6 + 7 = 21 pixels, blind spot 3 + 2 + 1', () => {
    expect(summariseField(pixelCnnStack(3, 3), 9, 9, 4, 4)).toMatchObject({ seen: 21, blind: 6, unreached: 13 });
  });

  it('never sees the pixel itself or anything after it', () => {
    for (const k of [3, 5, 7]) {
      for (let n = 1; n <= 6; n++) {
        const field = receptiveField(pixelCnnStack(n, k), 9, 9, 4, 4);
        field.forEach((v, i) => v && expect(i).toBeLessThan(4 * 9 + 4));
      }
    }
  });

  it('a stack of type-B layers only, with no type A first, leaks the pixel itself', () => {
    const leaky: MaskedLayer[] = [{ type: 'B', kernelSize: 3 }];
    expect(receptiveField(leaky, 9, 9, 4, 4)[4 * 9 + 4]).toBe(1);
  });

  it('one 5×5 type-A layer sees 12 pixels; its blind spot starts beyond two columns right', () => {
    // Rows 2 and 3: columns 2–6 (5 each); row 4: columns 2–3.
    const summary = summariseField(pixelCnnStack(1, 5), 9, 9, 4, 4);
    expect(summary).toMatchObject({ seen: 12, blind: 2 });
    // Row 3 beyond column 6 is blind (7, 8); row 2 may be reached by a deeper stack up to column 8.
    expect(summary.roles[3 * 9 + 7]).toBe('blind');
    expect(summary.roles[2 * 9 + 7]).toBe('unreached');
  });

  it('zero padding carries nothing: at the top-left corner the field is empty', () => {
    expect(summariseField(pixelCnnStack(4, 3), 9, 9, 0, 0)).toMatchObject({ preceding: 0, seen: 0, blind: 0, unreached: 0 });
    expect(() => receptiveField(pixelCnnStack(1, 3), 9, 9, 9, 0)).toThrow('is not a pixel');
  });

  it('the sampler’s network (7×7 A, then two 3×3 B) sees 3 rows up and 5 to the left of a central pixel of a 28×28 digit', () => {
    const stack: MaskedLayer[] = [{ type: 'A', kernelSize: 7 }, { type: 'B', kernelSize: 3 }, { type: 'B', kernelSize: 3 }];
    const summary = summariseField(stack, 28, 28, 14, 14);
    const field = receptiveField(stack, 28, 28, 14, 14);
    expect(cells(field, 28).filter((c) => c.startsWith('14,'))).toHaveLength(5);
    expect(summary.preceding).toBe(14 * 28 + 14);
    expect(summary.seen).toBe(SAMPLER_FIELD);
  });
});

// Row 14 (level): columns 9–13 (5): the 7×7 A layer reaches 3 left, each 3×3 B layer one more.
// Above, the 7×7 layer reaches up to 3 rows and 3 columns right; a B layer adds one column right only
// when it also goes one row up. So 1 row up: columns 9–17 (9); 2 up: 9–18 (10); 3, 4 and 5 up: 9–19 (11 each).
const SAMPLER_FIELD = 5 + 9 + 10 + 11 + 11 + 11;

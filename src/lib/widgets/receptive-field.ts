/**
 * What a stack of masked convolutions (PixelCNN, van den Oord et al. 2016) lets one output pixel see,
 * worked out by propagating the masks backwards through the stack on a small grid. Pure arithmetic:
 * the mask rule is the one `createMask` in src/lib/vq/masks.ts builds tensors from (the unit test
 * checks that the two agree), so the explorer and the model share one definition.
 */

/** One masked layer: its mask type and its odd kernel size. */
export type MaskedLayer = { type: 'A' | 'B'; kernelSize: number };

/** A kernel offset that a mask keeps: rows down (≤ 0 means above or level) and columns right. */
export type Offset = { dy: number; dx: number };

/** Whether a masked kernel keeps the weight at (row, column): before the centre in raster order, or the centre itself for type B. */
export function maskKeeps(kernelSize: number, type: 'A' | 'B', row: number, column: number): boolean {
  const centre = (kernelSize - 1) / 2;
  const before = row < centre || (row === centre && column < centre);
  return before || (type === 'B' && row === centre && column === centre);
}

/** The mask as rows of 0/1, as `createMask` builds it for one input and one output channel. */
export function maskGrid(kernelSize: number, type: 'A' | 'B'): number[][] {
  checkKernel(kernelSize);
  return Array.from({ length: kernelSize }, (_, row) => Array.from({ length: kernelSize }, (_, column) => (maskKeeps(kernelSize, type, row, column) ? 1 : 0)));
}

/** The offsets from the output pixel to the input pixels a masked kernel reads. */
export function maskOffsets(kernelSize: number, type: 'A' | 'B'): Offset[] {
  const centre = (kernelSize - 1) / 2;
  const offsets: Offset[] = [];
  maskGrid(kernelSize, type).forEach((cells, row) => cells.forEach((keep, column) => keep && offsets.push({ dy: row - centre, dx: column - centre })));
  return offsets;
}

/** The usual PixelCNN stack: a type-A layer, then `count − 1` type-B layers, all of one kernel size. */
export function pixelCnnStack(count: number, kernelSize: number): MaskedLayer[] {
  return Array.from({ length: count }, (_, i) => ({ type: i === 0 ? 'A' : 'B', kernelSize }));
}

/**
 * The input pixels that can reach the output at (row, column) through `layers` (first layer first),
 * on a height × width grid with zero padding: a 0/1 array, row-major. A path through a position
 * outside the grid does not count, since padding carries no information.
 */
export function receptiveField(layers: readonly MaskedLayer[], height: number, width: number, row: number, column: number): Uint8Array {
  if (!(Number.isInteger(height) && height >= 1 && Number.isInteger(width) && width >= 1)) throw new RangeError(`receptiveField: the grid must be whole numbers ≥ 1, got ${height}×${width}`);
  if (!(Number.isInteger(row) && row >= 0 && row < height && Number.isInteger(column) && column >= 0 && column < width)) {
    throw new RangeError(`receptiveField: (${row}, ${column}) is not a pixel of a ${height}×${width} grid`);
  }
  // Walk back from the output: the positions of layer l's output that matter, then its input's.
  let current = new Uint8Array(height * width);
  current[row * width + column] = 1;
  for (let l = layers.length - 1; l >= 0; l--) {
    const offsets = maskOffsets(layers[l].kernelSize, layers[l].type);
    const next = new Uint8Array(height * width);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (!current[y * width + x]) continue;
        for (const { dy, dx } of offsets) {
          const sy = y + dy;
          const sx = x + dx;
          if (sy >= 0 && sy < height && sx >= 0 && sx < width) next[sy * width + sx] = 1;
        }
      }
    }
    current = next;
  }
  return current;
}

/** What each pixel of the grid is to the chosen output pixel. */
export type PixelRole = 'target' | 'seen' | 'blind' | 'unreached' | 'future';

/** The explorer's whole picture: every pixel's role, and how many of each. */
export type FieldSummary = {
  roles: PixelRole[];
  /** Pixels before the target in raster order: all it is allowed to depend on. */
  preceding: number;
  /** Preceding pixels the stack sees. */
  seen: number;
  /** Preceding pixels that no depth of this stack would ever see, in the rows the field already spans. */
  blind: number;
  /** Preceding pixels not seen yet that more layers would reach. */
  unreached: number;
};

/**
 * Classifies every pixel for the output at (row, column). The blind spot is measured against the
 * same stack made as deep as the grid allows: a preceding pixel that even that stack misses is never
 * seen, whatever the depth (the wedge above and to the right). It is counted in the rows the present
 * field spans, so it grows as layers are added, while the rest of the unseen past is only out of reach.
 */
export function summariseField(layers: readonly MaskedLayer[], height: number, width: number, row: number, column: number): FieldSummary {
  const field = receptiveField(layers, height, width, row, column);
  const last = layers.at(-1);
  // Every extra type-B layer can only add pixels; height + width more of them reach every pixel there is to reach.
  const deepest = last ? receptiveField([...layers, ...Array.from({ length: height + width }, () => ({ type: 'B' as const, kernelSize: last.kernelSize }))], height, width, row, column) : field;
  let top = row;
  for (let i = 0; i < field.length; i++) if (field[i]) top = Math.min(top, Math.floor(i / width));
  const roles: PixelRole[] = [];
  const counts = { preceding: 0, seen: 0, blind: 0, unreached: 0 };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (y === row && x === column) {
        roles.push('target');
        continue;
      }
      const preceding = y < row || (y === row && x < column);
      if (!preceding) {
        roles.push('future');
        continue;
      }
      counts.preceding++;
      const role: PixelRole = field[i] ? 'seen' : !deepest[i] && y >= top ? 'blind' : 'unreached';
      counts[role]++;
      roles.push(role);
    }
  }
  return { roles, ...counts };
}

function checkKernel(kernelSize: number) {
  if (!(Number.isInteger(kernelSize) && kernelSize >= 1 && kernelSize % 2 === 1)) throw new RangeError(`kernelSize must be an odd whole number ≥ 1, got ${kernelSize}`);
}

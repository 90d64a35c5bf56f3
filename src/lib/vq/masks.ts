import * as tf from './tf.ts';

/**
 * The 0/1 mask of a masked convolution (van den Oord et al. 2016, PixelCNN), [k,k,in,out]: a kernel
 * position is kept if it comes before the centre in raster order (every row above, and the centre
 * row's left half). Type A, for the first layer, also hides the centre, so an output never sees its
 * own input; type B, for every later layer, keeps it, since by then the centre holds only the past.
 * A 7×7 type-A mask keeps 24 positions, type B 25.
 */
export function createMask(kernelSize: number, type: 'A' | 'B', inChannels: number, outChannels: number): tf.Tensor4D {
  if (!(Number.isInteger(kernelSize) && kernelSize >= 1 && kernelSize % 2 === 1)) {
    throw new RangeError(`createMask: kernelSize must be an odd whole number ≥ 1, got ${kernelSize}`);
  }
  if (type !== 'A' && type !== 'B') throw new RangeError(`createMask: type must be "A" or "B", got ${JSON.stringify(type)}`);
  for (const [name, value] of [['inChannels', inChannels], ['outChannels', outChannels]] as const) {
    if (!(Number.isInteger(value) && value >= 1)) throw new RangeError(`createMask: ${name} must be a whole number ≥ 1, got ${value}`);
  }
  const centre = (kernelSize - 1) / 2;
  const values = new Float32Array(kernelSize * kernelSize * inChannels * outChannels);
  const block = inChannels * outChannels;
  for (let row = 0; row < kernelSize; row++) {
    for (let column = 0; column < kernelSize; column++) {
      const before = row < centre || (row === centre && column < centre);
      const keep = before || (type === 'B' && row === centre && column === centre);
      if (keep) values.fill(1, (row * kernelSize + column) * block, (row * kernelSize + column + 1) * block);
    }
  }
  return tf.tensor4d(values, [kernelSize, kernelSize, inChannels, outChannels]);
}

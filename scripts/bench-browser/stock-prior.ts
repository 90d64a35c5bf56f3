/**
 * A masked-conv PixelCNN of the same shape as our PixelCNNPrior's defaults (embedding K×C, a type-A
 * 5×5 masked conv, residual blocks of 1×1, type-B 3×3 and 1×1 convs, a two-layer 1×1 head), sampled
 * the plain TF.js way: each of the H·W passes runs the whole grid through unfused conv2d + bias + ReLU,
 * takes the softmax at the current position and reads it with `await data()` to draw the code on the
 * CPU. The baseline for the prior-sampling row.
 */
import * as tf from '../../src/lib/vq/tf.ts';

type Conv = { kernel: tf.Variable; bias: tf.Variable; mask: tf.Tensor | null };

/** The causal mask of a k×k kernel: taps above, and left of the centre (type B: the centre too). */
function causalMask(k: number, type: 'A' | 'B', input: number, output: number): tf.Tensor4D {
  const values = new Float32Array(k * k * input * output);
  const centre = k >> 1;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const open = i < centre || (i === centre && (j < centre || (type === 'B' && j === centre)));
      if (open) values.fill(1, (i * k + j) * input * output, (i * k + j + 1) * input * output);
    }
  }
  return tf.tensor4d(values, [k, k, input, output]);
}

/** A stock PixelCNN over K codes on an H×W grid with C channels. */
export class StockPixelCNN {
  readonly #k: number;
  readonly #height: number;
  readonly #width: number;
  readonly #embedding: tf.Variable;
  readonly #convs: Conv[];
  readonly #layers: number;

  constructor({ codebookSize, height, width, channels = 64, layers = 2, kernelSize = 5, seed = 0 }: { codebookSize: number; height: number; width: number; channels?: number; layers?: number; kernelSize?: number; seed?: number }) {
    this.#k = codebookSize;
    this.#height = height;
    this.#width = width;
    this.#layers = layers;
    let nextSeed = seed + 1;
    const conv = (k: number, input: number, output: number, mask: 'A' | 'B' | null): Conv => {
      const limit = Math.sqrt(6 / (k * k * (input + output)));
      return {
        kernel: tf.variable(tf.randomUniform([k, k, input, output], -limit, limit, 'float32', nextSeed++)),
        bias: tf.variable(tf.zeros([output])),
        mask: mask ? causalMask(k, mask, input, output) : null,
      };
    };
    const half = Math.max(1, channels >> 1);
    this.#embedding = tf.variable(tf.randomNormal([codebookSize, channels], 0, 1, 'float32', seed + 10_000));
    this.#convs = [conv(kernelSize, channels, channels, 'A')];
    for (let i = 0; i < layers; i++) this.#convs.push(conv(1, channels, half, null), conv(3, half, half, 'B'), conv(1, half, channels, null));
    this.#convs.push(conv(1, channels, channels, null), conv(1, channels, codebookSize, null));
  }

  /** Draws n grids in raster order, one pass and one read per position. Returns int32 [n,H,W]. */
  async sample(n: number, seed = 0): Promise<tf.Tensor3D> {
    let state = seed >>> 0 || 1;
    const random = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    const cells = this.#height * this.#width;
    const grid = new Int32Array(n * cells);
    for (let position = 0; position < cells; position++) {
      const probabilities = tf.tidy(() => {
        const logits = this.#forward(tf.tensor3d(grid, [n, this.#height, this.#width], 'int32'));
        const row = Math.floor(position / this.#width);
        const column = position % this.#width;
        return tf.softmax(tf.reshape(tf.slice(logits, [0, row, column, 0], [n, 1, 1, this.#k]), [n, this.#k]));
      });
      const p = await probabilities.data();
      probabilities.dispose();
      for (let s = 0; s < n; s++) {
        let u = random();
        let code = this.#k - 1;
        for (let c = 0; c < this.#k; c++) {
          u -= p[s * this.#k + c]!;
          if (u <= 0) {
            code = c;
            break;
          }
        }
        grid[s * cells + position] = code;
      }
    }
    return tf.tensor3d(grid, [n, this.#height, this.#width], 'int32');
  }

  /** Frees the weights and masks. */
  dispose(): void {
    this.#embedding.dispose();
    tf.dispose(this.#convs.flatMap((c) => [c.kernel, c.bias, ...(c.mask ? [c.mask] : [])]));
  }

  #forward(codes: tf.Tensor3D): tf.Tensor4D {
    const [n, h, w] = codes.shape;
    const apply = ({ kernel, bias, mask }: Conv, x: tf.Tensor4D, relu: boolean): tf.Tensor4D => {
      const filter = (mask ? tf.mul(kernel, mask) : kernel) as tf.Tensor4D;
      const y = tf.add(tf.conv2d(x, filter, 1, 'same'), bias) as tf.Tensor4D;
      return relu ? tf.relu(y) : y;
    };
    const embedded = tf.reshape(tf.gather(this.#embedding, tf.reshape(codes, [-1])), [n, h, w, -1]) as tf.Tensor4D;
    let x = apply(this.#convs[0]!, embedded, true);
    for (let i = 0; i < this.#layers; i++) {
      const [reduce, masked, expand] = this.#convs.slice(1 + 3 * i, 4 + 3 * i) as [Conv, Conv, Conv];
      x = tf.relu(tf.add(x, apply(expand, apply(masked, apply(reduce, x, true), true), false))) as tf.Tensor4D;
    }
    const [hidden, logits] = this.#convs.slice(-2) as [Conv, Conv];
    return apply(logits, apply(hidden, x, true), false);
  }
}

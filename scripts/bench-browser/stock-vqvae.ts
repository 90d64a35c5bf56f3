/**
 * The same VQ-VAE as ours (R1 = the Keras VQ-VAE example; tiny = R1 at half width), written the plain
 * TF.js way a reader of the TF.js docs would write it: unfused conv2d / conv2dTranspose, each followed
 * by a bias add and a ReLU; the nearest code by matMul distances and argMin, looked up by a one-hot
 * matMul as in the Keras example (see `#lookup` for why not tf.gather); a tf.customGrad straight-through
 * and stop-gradient; codebook + β·commitment loss; `tf.train.adam(lr).minimize` with returnCost; and
 * the loss read every step with `await loss.data()`. It is the baseline the benchmark divides by, so it
 * deliberately uses none of the model module's kernels or tricks.
 */
import * as tf from '../../src/lib/vq/tf.ts';

/** The shapes a stock model is built with: R1's or tiny's widths, K and D. */
export interface StockShape {
  widths: [number, number];
  codebookSize: number;
  codeDim: number;
  learningRate: number;
  beta: number;
}

/** R1 and tiny as our presets define them (src/lib/vq/presets.ts and config.ts). */
export const stockShapes: Record<'r1' | 'tiny', StockShape> = {
  r1: { widths: [32, 64], codebookSize: 128, codeDim: 16, learningRate: 1e-3, beta: 0.25 },
  tiny: { widths: [16, 32], codebookSize: 64, codeDim: 8, learningRate: 2e-3, beta: 0.25 },
};

type Layer = { kernel: tf.Variable; bias: tf.Variable; stride: number; relu: boolean; transpose: boolean };

// TF.js has no stop_gradient: the usual answer is an identity with a zero gradient.
const stopGradient = tf.customGrad((...inputs) => {
  const x = inputs[0] as tf.Tensor;
  return { value: tf.clone(x), gradFunc: (dy: tf.Tensor) => [tf.zerosLike(dy)] };
});

// Straight-through: forward the quantised vectors, backward the gradient to the encoder's output.
const straightThrough = tf.customGrad((...inputs) => {
  const [, quantised] = inputs as tf.Tensor[];
  return { value: tf.clone(quantised!), gradFunc: (dy: tf.Tensor) => [dy, tf.zerosLike(dy)] };
});

/** A plain TF.js VQ-VAE with an Adam optimizer. */
export class StockVQVAE {
  readonly shape: StockShape;
  readonly #encoder: Layer[];
  readonly #decoder: Layer[];
  readonly #codebook: tf.Variable;
  readonly #optimizer: tf.Optimizer;

  constructor(shape: StockShape, seed = 0) {
    this.shape = shape;
    const [w1, w2] = shape.widths;
    const d = shape.codeDim;
    let nextSeed = seed;
    const layer = (k: number, input: number, output: number, stride: number, relu: boolean, transpose = false): Layer => {
      const limit = Math.sqrt(6 / (k * k * (input + output)));
      const kernelShape = transpose ? [k, k, output, input] : [k, k, input, output];
      return {
        kernel: tf.variable(tf.randomUniform(kernelShape, -limit, limit, 'float32', nextSeed++)),
        bias: tf.variable(tf.zeros([output])),
        stride,
        relu,
        transpose,
      };
    };
    this.#encoder = [layer(3, 1, w1, 2, true), layer(3, w1, w2, 2, true), layer(1, w2, d, 1, false)];
    this.#decoder = [layer(3, d, w2, 2, true, true), layer(3, w2, w1, 2, true, true), layer(3, w1, 1, 1, false, true)];
    // Keras's random_uniform_initializer, as in the example.
    this.#codebook = tf.variable(tf.randomUniform([shape.codebookSize, d], -0.05, 0.05, 'float32', nextSeed++));
    this.#optimizer = tf.train.adam(shape.learningRate);
  }

  /** One Adam step; resolves to the loss, read back as a typical training loop does. */
  async trainStep(x: tf.Tensor4D): Promise<number> {
    const cost = this.#optimizer.minimize(() => this.#loss(x), true);
    const value = (await cost!.data())[0]!;
    cost!.dispose();
    return value;
  }

  /** The nearest code of each latent, int32 [B,7,7]. */
  encode(x: tf.Tensor4D): tf.Tensor3D {
    return tf.tidy(() => {
      const z = this.#run(this.#encoder, tf.sub(x, 0.5) as tf.Tensor4D);
      const [b, h, w] = z.shape;
      return tf.reshape(this.#nearest(tf.reshape(z, [-1, this.shape.codeDim]) as tf.Tensor2D), [b, h, w]) as tf.Tensor3D;
    });
  }

  /** Images [B,28,28,1] from code grids. */
  decode(codes: tf.Tensor3D): tf.Tensor4D {
    return tf.tidy(() => {
      const [b, h, w] = codes.shape;
      const vectors = this.#lookup(tf.reshape(codes, [-1]) as tf.Tensor1D);
      return tf.add(this.#run(this.#decoder, tf.reshape(vectors, [b, h, w, this.shape.codeDim]) as tf.Tensor4D), 0.5) as tf.Tensor4D;
    });
  }

  /** Frees the variables and the optimizer's slots. */
  dispose(): void {
    tf.dispose([...this.#encoder, ...this.#decoder].flatMap((l) => [l.kernel, l.bias]));
    this.#codebook.dispose();
    this.#optimizer.dispose();
  }

  #loss(x: tf.Tensor4D): tf.Scalar {
    const z = this.#run(this.#encoder, tf.sub(x, 0.5) as tf.Tensor4D);
    const [b, h, w] = z.shape;
    const flat = tf.reshape(z, [-1, this.shape.codeDim]) as tf.Tensor2D;
    const quantised = this.#lookup(this.#nearest(flat));
    const codebookLoss = tf.mean(tf.squaredDifference(quantised, stopGradient(flat)));
    const commitmentLoss = tf.mean(tf.squaredDifference(flat, stopGradient(quantised)));
    const decoderInput = tf.reshape(straightThrough(flat, quantised), [b, h, w, this.shape.codeDim]) as tf.Tensor4D;
    const decoded = tf.add(this.#run(this.#decoder, decoderInput), 0.5);
    const reconstruction = tf.mean(tf.squaredDifference(decoded, x));
    return tf.addN([reconstruction, codebookLoss, tf.mul(commitmentLoss, this.shape.beta)]) as tf.Scalar;
  }

  /**
   * The codebook rows for the indices as the Keras example computes them, one_hot · codebook. tf.gather
   * cannot be used inside `minimize` here: its gradient for the indices is an int32 tensor, and when the
   * indices come from an argMin on the tape TF.js refuses it ("The gradient of input indices must have
   * 'float32' dtype"). Stock wasm has no UnsortedSegmentSum (gather's gradient) either.
   */
  #lookup(indices: tf.Tensor1D): tf.Tensor2D {
    return tf.matMul(tf.oneHot(indices, this.shape.codebookSize), this.#codebook as tf.Tensor2D);
  }

  /** argmin ‖z − e‖² = argmin (‖e‖² − 2 z·e), the usual matMul form. */
  #nearest(flat: tf.Tensor2D): tf.Tensor1D {
    const distances = tf.add(
      tf.sub(tf.sum(tf.square(flat), 1, true), tf.mul(tf.matMul(flat, this.#codebook, false, true), 2)),
      tf.sum(tf.square(this.#codebook), 1),
    );
    return tf.argMin(distances, 1) as tf.Tensor1D;
  }

  #run(layers: Layer[], x: tf.Tensor4D): tf.Tensor4D {
    return layers.reduce((input, { kernel, bias, stride, relu, transpose }) => {
      let y: tf.Tensor4D;
      if (transpose) {
        const [b, h, w] = input.shape;
        y = tf.conv2dTranspose(input, kernel as tf.Tensor4D, [b, h * stride, w * stride, kernel.shape[2]!], stride, 'same');
      } else {
        y = tf.conv2d(input, kernel as tf.Tensor4D, stride, 'same');
      }
      y = tf.add(y, bias);
      return relu ? tf.relu(y) : y;
    }, x);
  }
}

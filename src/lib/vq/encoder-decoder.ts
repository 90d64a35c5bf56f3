import * as tf from './tf.ts';
import type { Preset } from './config.ts';
import { applyNetwork, buildNetwork, disposeNetwork, namedLayers, parameterCount, type LayerParams } from './network.ts';
import type { NamedWeight } from './quantisers/quantiser.ts';
import { networkPresets } from './presets.ts';

/**
 * A VQ-VAE's two networks: an encoder from 28×28 images to a grid of D-vectors and a decoder back.
 * Pixels go in and come out in [0,1]; inside, the networks see them shifted to [−0.5, 0.5], as in the
 * Keras example, so that zero-mean inputs meet zero-centred initial weights.
 */
export class EncoderDecoder {
  readonly #encoder: LayerParams[];
  readonly #decoder: LayerParams[];
  readonly #codeDim: number;

  constructor(preset: Preset, codeDim: number, seed: number) {
    const { encoder, decoder } = networkPresets[preset];
    // Separate seed ranges, so that the encoder, decoder and codebook never share a random stream.
    this.#encoder = buildNetwork(encoder, 1, codeDim, seed);
    this.#decoder = buildNetwork(decoder, codeDim, codeDim, seed + 1000);
    this.#codeDim = codeDim;
  }

  /** The code grid's [height, width] for 28×28 images: 28 divided by the encoder's total stride. */
  get grid(): [number, number] {
    const stride = this.#encoder.reduce((total, { spec }) => total * spec.stride, 1);
    return [Math.ceil(28 / stride), Math.ceil(28 / stride)];
  }

  /** Numbers both networks hold. */
  get parameterCount(): number {
    return parameterCount(this.#encoder) + parameterCount(this.#decoder);
  }

  /** The encoder's outputs as rows [B·h·w, D], and the grid's shape [B, h, w]. */
  encode(x: tf.Tensor4D): { flat: tf.Tensor2D; gridShape: [number, number, number] } {
    const z = applyNetwork(this.#encoder, tf.sub(x, 0.5) as tf.Tensor4D);
    const [batch, height, width] = z.shape;
    return { flat: tf.reshape(z, [-1, this.#codeDim]) as tf.Tensor2D, gridShape: [batch, height, width] };
  }

  /** Images [B,28,28,1] from decoder inputs given as rows [B·h·w, D] of grids shaped [B, h, w]. */
  decode(rows: tf.Tensor2D, [batch, height, width]: number[]): tf.Tensor4D {
    return tf.add(applyNetwork(this.#decoder, tf.reshape(rows, [batch!, height!, width!, this.#codeDim])), 0.5) as tf.Tensor4D;
  }

  /** Every weight of both networks, encoder first. */
  variables(): tf.Variable[] {
    return [...this.encoderVariables(), ...this.#decoder.flatMap(({ kernel, bias }) => [kernel, bias] as tf.Variable[])];
  }

  /** The encoder's weights, whose gradient norm a training step reports. */
  encoderVariables(): tf.Variable[] {
    return this.#encoder.flatMap(({ kernel, bias }) => [kernel, bias] as tf.Variable[]);
  }

  /** The weights under their checkpoint names. */
  namedWeights(): NamedWeight[] {
    return [...namedLayers('encoder', this.#encoder), ...namedLayers('decoder', this.#decoder)];
  }

  dispose(): void {
    disposeNetwork(this.#encoder);
    disposeNetwork(this.#decoder);
  }
}

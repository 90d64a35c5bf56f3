/**
 * Two ways to score a prediction of one 8-bit pixel value, for the 99-versus-100 explorer: a 256-way
 * softmax, which treats the values as unrelated labels, and a discretised logistic (PixelCNN++,
 * Salimans et al. 2017), which puts its probability on neighbouring values. Both are made to put the
 * same mass, the confidence, on the predicted value, so that their losses can be compared. Losses are
 * negative log-likelihoods in nats.
 */

import { echoed } from '../i18n/echo.ts';

/** The number of values an 8-bit pixel can take. */
export const LEVELS = 256;

/** log σ(x), without overflow for large |x|. */
export function logSigmoid(x: number): number {
  return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
}

/**
 * The categorical prediction: probability `confidence` on `predicted`, the rest spread evenly over the
 * other 255 values. Returns its probability of `value`.
 */
export function categoricalProbability(value: number, predicted: number, confidence: number): number {
  return value === predicted ? confidence : (1 - confidence) / (LEVELS - 1);
}

/** The 256-way cross-entropy −log p(target): the same for every wrong prediction, near or far. */
export function categoricalNll(target: number, predicted: number, confidence: number): number {
  return -Math.log(categoricalProbability(target, predicted, confidence));
}

/**
 * The scale s of a logistic centred on a value that puts `confidence` on that value's bin
 * [v − ½, v + ½]: σ(½s⁻¹) − σ(−½s⁻¹) = tanh(1/(4s)), so s = 1 / (4 artanh c).
 */
export function logisticScale(confidence: number): number {
  return 1 / (4 * Math.atanh(confidence));
}

/**
 * log p(value) under a logistic of mean `mean` and scale `scale`, discretised to the 256 values: the
 * mass of [value − ½, value + ½], with the two end bins taking the tails. Computed as
 * log σ(b) + log σ(−a) + log(1 − e^(a−b)) for the bin's standardised edges a < b, which stays finite
 * where the plain difference of two sigmoids would round to 0.
 */
export function discretisedLogisticLogProbability(value: number, mean: number, scale: number): number {
  const a = value <= 0 ? -Infinity : (value - 0.5 - mean) / scale;
  const b = value >= LEVELS - 1 ? Infinity : (value + 0.5 - mean) / scale;
  if (a === -Infinity) return logSigmoid(b);
  if (b === Infinity) return logSigmoid(-a);
  return logSigmoid(b) + logSigmoid(-a) + Math.log1p(-Math.exp(a - b));
}

/** The discretised-logistic loss −log p(target) of a prediction centred on `predicted` with the given confidence. */
export function logisticNll(target: number, predicted: number, confidence: number): number {
  return -discretisedLogisticLogProbability(target, predicted, logisticScale(confidence));
}

/** The squared error on the value, with pixels in [0, 1]: what a regression would minimise. */
export function squaredError(target: number, predicted: number): number {
  return ((target - predicted) / (LEVELS - 1)) ** 2;
}

/** How a refusal reads, given what the reader typed (trimmed; empty for nothing): a widget passes its own language's. */
export type Refusal = (got: string) => string;

/**
 * A value the reader typed: a whole number from 0 to 255, or why it was refused, in English by default
 * (`name` starts the sentence) or as `refuse` words it.
 */
export function checkPixelValue(
  name: string,
  text: string,
  refuse: Refusal = (got) => `${name} must be a whole number from 0 to 255; got ${got || 'nothing'}.`,
): { value: number } | { problem: string } {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(value) || value < 0 || value > LEVELS - 1) {
    return { problem: refuse(echoed(text.trim())) };
  }
  return { value };
}

/** The confidences the explorer allows: below 1, where both losses are finite, and above chance. */
export const CONFIDENCE = { min: 0.05, max: 0.99 } as const;

/** A confidence the reader typed (a number from 0.05 to 0.99), or why it was refused, in English by default or as `refuse` words it. */
export function checkConfidence(
  text: string,
  refuse: Refusal = (got) => `The confidence must be a number from ${CONFIDENCE.min} to ${CONFIDENCE.max}; got ${got || 'nothing'}.`,
): { value: number } | { problem: string } {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value) || value < CONFIDENCE.min || value > CONFIDENCE.max) {
    return { problem: refuse(echoed(text.trim())) };
  }
  return { value };
}

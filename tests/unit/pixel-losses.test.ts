import { expect, it } from 'vitest';
import {
  categoricalNll,
  checkConfidence,
  checkPixelValue,
  discretisedLogisticLogProbability,
  logisticNll,
  logisticScale,
  logSigmoid,
  squaredError,
} from '../../src/lib/widgets/pixel-losses.ts';

it('the 256-way cross-entropy is −ln 0.9 when right and ln 2550 for every wrong value, near or far', () => {
  // Confidence 0.9 on the predicted value; the other 0.1 shared by 255 values: 0.1/255 = 1/2550 each.
  expect(categoricalNll(100, 100, 0.9)).toBeCloseTo(0.1053605, 6);
  expect(categoricalNll(100, 99, 0.9)).toBeCloseTo(7.8438486, 6);
  expect(categoricalNll(100, 20, 0.9)).toBe(categoricalNll(100, 99, 0.9));
  expect(categoricalNll(100, 255, 0.9)).toBe(categoricalNll(100, 99, 0.9));
});

it('the logistic scale puts the confidence on the predicted bin: s = 1/(4 artanh 0.9) = 0.169811', () => {
  expect(logisticScale(0.9)).toBeCloseTo(0.1698113, 6);
  // At the predicted value the two losses agree, since both put mass 0.9 there.
  expect(logisticNll(100, 100, 0.9)).toBeCloseTo(0.1053605, 6);
});

it('the discretised logistic, worked by hand with scale 1', () => {
  // One off: σ(1.5) − σ(0.5) = 0.8175745 − 0.6224593 = 0.1951152.
  expect(Math.exp(discretisedLogisticLogProbability(101, 100, 1))).toBeCloseTo(0.1951152, 6);
  expect(-discretisedLogisticLogProbability(101, 100, 1)).toBeCloseTo(1.634163, 5);
  // The end bins take the tails: p(0 | mean 0) = σ(0.5), p(255 | mean 255) = 1 − σ(−0.5) = σ(0.5).
  expect(-discretisedLogisticLogProbability(0, 0, 1)).toBeCloseTo(0.474077, 5);
  expect(-discretisedLogisticLogProbability(255, 255, 1)).toBeCloseTo(0.474077, 5);
  // Far off, the plain difference rounds to 0, but the log is finite: 79.5 + ln(1/(1 − e⁻¹)) = 79.958675.
  expect(-discretisedLogisticLogProbability(100, 20, 1)).toBeCloseTo(79.958675, 5);
});

it('the probabilities of all 256 values sum to 1', () => {
  for (const [mean, scale] of [[100, 0.17], [0, 3], [254.2, 10], [128, 60]]) {
    let total = 0;
    for (let v = 0; v < 256; v++) total += Math.exp(discretisedLogisticLogProbability(v, mean, scale));
    expect(total).toBeCloseTo(1, 9);
  }
});

it('the distance-aware losses grow with the distance; 99 costs far less than 20', () => {
  expect(logisticNll(100, 99, 0.9)).toBeLessThan(logisticNll(100, 20, 0.9));
  expect(logisticNll(100, 99, 0.5)).toBeLessThan(categoricalNll(100, 99, 0.5));
  expect(squaredError(100, 99)).toBeCloseTo(1 / 65025, 12);
  expect(squaredError(100, 20)).toBeCloseTo(6400 / 65025, 12);
  expect(logSigmoid(800)).toBe(-0);
  expect(logSigmoid(-800)).toBe(-800);
});

it('typed values are refused with a reason', () => {
  expect(checkPixelValue('The target', '100')).toEqual({ value: 100 });
  expect(checkPixelValue('The target', '256')).toEqual({ problem: 'The target must be a whole number from 0 to 255; got 256.' });
  expect(checkPixelValue('The target', '9.5')).toEqual({ problem: 'The target must be a whole number from 0 to 255; got 9.5.' });
  expect(checkPixelValue('The target', ' ')).toEqual({ problem: 'The target must be a whole number from 0 to 255; got nothing.' });
  expect(checkConfidence('0.9')).toEqual({ value: 0.9 });
  expect(checkConfidence('1')).toEqual({ problem: 'The confidence must be a number from 0.05 to 0.99; got 1.' });
});

/**
 * Strings of CrossEntropyExplorer, in English. Pixel values (0–255) are passed as numbers; losses and
 * confidences come formatted, as text.
 */
export const crossEntropyExplorer = {
  target: 'Target value',
  predicted: 'Predicted value',
  predictedTyped: 'Predicted value, typed',
  confidence: 'Confidence',
  /** `percent` is formatted, without the sign. */
  percent: (percent: string) => `${percent}%`,
  quick: 'Quick predictions',
  predict: (value: number) => `Predict ${value}`,
  /** `got` is what the reader typed, empty for nothing. */
  targetRefused: (got: string) => `The target must be a whole number from 0 to 255; got ${got || 'nothing'}.`,
  predictionRefused: (got: string) => `The prediction must be a whole number from 0 to 255; got ${got || 'nothing'}.`,
  /** `min` and `max` are formatted; `got` is what the reader typed, empty for nothing. */
  confidenceRefused: (min: string, max: string, got: string) => `The confidence must be a number from ${min} to ${max}; got ${got || 'nothing'}.`,
  /** `confidence` is formatted. */
  caption: (target: number, confidence: string) => `Losses for the target ${target} at confidence ${confidence}`,
  columns: {
    prediction: 'prediction',
    crossEntropy: 'cross-entropy',
    logistic: 'logistic',
    squared: 'squared',
  },
  /** The table row of the right value. */
  right: (value: number) => `${value} (right)`,
  units: 'Cross-entropy and logistic in nats; the squared error on values scaled to [0, 1].',
  chartHeading: 'Loss against the predicted value',
  xAxis: 'predicted value',
  yAxis: 'nats (log scale)',
  legend: {
    crossEntropy: '256-way cross-entropy',
    logistic: 'discretised logistic',
    target: 'target',
  },
  /** `confidence` and the losses are formatted; `right` says the prediction is the target. */
  summary: (target: number, predicted: number, confidence: string, crossEntropy: string, right: boolean, logistic: string, squared: string) =>
    `Target ${target}, prediction ${predicted} with confidence ${confidence}. The 256-way cross-entropy is ${crossEntropy} nats` +
    (right ? '' : ', the same as for any other wrong value') +
    `; the discretised logistic gives ${logistic} nats and the squared error ${squared}.`,
};

/**
 * Strings of PixelSampler, in English. Pixel counts (at most 784), rows and columns are passed as
 * numbers; steps, seeds, seconds, milliseconds, losses and probabilities come formatted, as text.
 */
export const pixelSampler = {
  speed: 'Speed',
  speeds: {
    slow: 'one row a second',
    normal: 'five rows a second',
    all: 'as fast as the engine',
  },
  seed: 'Seed',
  sample: 'Sample a digit',
  jump: 'Jump to the end',
  /** `max` is formatted; `got` is what the reader typed, empty for nothing. */
  seedRefused: (max: string, got: string) => `The seed must be a whole number from 0 to ${max}; got ${got || 'nothing'}.`,
  loadError: (message: string) => `The model could not load: ${message}`,
  sampleError: (message: string) => `Sampling failed: ${message}`,
  trainError: (message: string) => `Training failed: ${message}`,
  digitHeading: 'The digit so far',
  digitLabel: (shown: number, total: number) => `The sampled digit: ${shown} of ${total} pixels drawn, undrawn pixels grey`,
  digitCaption: 'White: ink. Grey: not drawn yet.',
  probabilityHeading: 'p(ink | the pixels before)',
  probabilityLabel: "For each drawn pixel, the model's probability that it is ink, from black (0) to white (1)",
  probabilityCaption: 'Black: sure it is background. White: sure it is ink.',
  costHeading: 'Cost',
  passes: 'Forward passes',
  passesOf: (passes: number, total: number) => `${passes} of ${total}`,
  time: 'Time in the engine',
  /** `seconds` is formatted. */
  seconds: (seconds: string) => `${seconds} s`,
  /** Follows `seconds` once a pass has been made; `milliseconds` is formatted. */
  perPass: (milliseconds: string) => `, ${milliseconds} ms a pass`,
  toGo: 'To go',
  /** `seconds` is formatted. */
  remaining: (seconds: string) => `about ${seconds} s at this pace`,
  shown: 'Shown',
  shownPixels: (shown: number) => `${shown} pixels`,
  lastPixel: 'Last pixel',
  /** Row and column count from 1; `probability` is formatted. */
  lastPixelValue: (row: number, column: number, probability: string) => `row ${row}, column ${column}: p(ink) = ${probability}`,
  noDigit: 'No digit drawn yet.',
  /** `seconds` and `milliseconds` are formatted. */
  summary: (shown: number, total: number, ink: number, passes: number, seconds: string, milliseconds: string) =>
    `${shown} of ${total} pixels drawn, ${ink} of them ink. The engine made ${passes} forward passes in ${seconds} s, about ${milliseconds} ms each.`,
  trainHeading: 'Train it a little more',
  /** `pretrainedSteps` and `pretrainedBatch` describe the shipped model; `steps` and `batch` one press here. */
  trainNote: (pretrainedSteps: number, pretrainedBatch: number, steps: number, batch: number) =>
    `The model was trained for ${pretrainedSteps} steps of ${pretrainedBatch} binarised digits. Each press trains ${steps} more steps of ${batch} here, on this page's engine; later samples use the new weights.`,
  train: (steps: number) => `Train ${steps} more steps`,
  reset: 'Back to the pretrained weights',
  training: 'Training…',
  /** `step`, `trained`, `loss` and `seconds` are formatted; `loss` is empty before the first loss. */
  trained: (step: string, trained: string, loss: string, steps: number, seconds: string) =>
    `Step ${step}: ${trained} steps trained here${loss === '' ? '' : `, last loss ${loss} bits per pixel`}; the last ${steps} took ${seconds} s.`,
  /** `step` is formatted. */
  asPretrained: (step: string) => `Step ${step}, as pretrained.`,
  lossSeries: 'training loss',
  lossChart: 'Training loss in bits per pixel over the steps trained on this page',
  lossAxis: 'bits per pixel',
};

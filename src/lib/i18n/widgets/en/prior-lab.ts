/** Strings of PriorLab, in English. */
export const priorLab = {
  label: 'Prior lab: a PixelCNN prior learning the codes of a VQ-VAE',
  mnist: 'MNIST digits',
  fashionMnist: 'Fashion-MNIST clothes',
  /** What the held-out images are, in the summary. */
  digits: 'digits',
  clothes: 'clothes',
  trainingSeries: 'training batches',
  heldOutSeries: 'held-out codes',
  unigramSeries: 'unigram baseline',
  ghostSeries: 'previous run, held-out',
  /** `step`, `bits` and `unigram` are formatted; `images` is `digits` or `clothes`. */
  summary: (step: string, images: string, bits: string, unigram: string) =>
    `Step ${step}: the prior codes held-out ${images} in ${bits} bits per latent; ignoring context costs ${unigram}.`,
  loadError: (message: string) => `The models could not load: ${message}`,
  rejected: (why: string) => `A step was rejected and the weights kept: ${why}`,
  stoppedDiverged: 'Training stopped: diverged.',
  stoppedFailed: 'Training stopped: failed.',
  stoppedBecause: (message: string) => `Training stopped: ${message}`,
  scratchNotice: 'A fresh prior with random weights: the previous run is kept as a dashed line. Press Train to watch it learn.',
  datasetNotice: (dataset: string) => `Loaded the pretrained model and prior for ${dataset}; the previous run is kept as a dashed line.`,
  /** The counters read: stepBefore, the step in bold, then `counters(...)`. */
  stepBefore: 'Step',
  /** `parameters` is formatted. */
  counters: (parameters: string, batch: number) => ` · ${parameters} parameters · batches of ${batch} grids`,
  dataset: 'Dataset',
  train: 'Train',
  pause: 'Pause',
  scratch: 'Start the prior from scratch',
  preparing: 'Encoding the training images into code grids before the first step…',
  chartLabel: 'Bits per latent over training steps: training batches, held-out codes, and the unigram baseline',
  yLabel: 'bits per latent',
  /** `images` is formatted. */
  caption: (images: string) =>
    `Held-out codes are those of the first ${images} test images, scored every few seconds while training. The unigram baseline is the entropy of their code frequencies: what each latent would cost if the prior ignored the codes around it.`,
};

/** Strings of TrainingLab, in English. Numbers in them come formatted (src/lib/i18n/format.ts). */
export const trainingLab = {
  label: 'Training lab: a VQ-VAE training in your browser',
  step: 'Step',
  stepsPerSecond: (rate: string) => `${rate} steps/s`,
  parameters: (count: string) => `${count} parameters`,

  beta: 'β (commitment weight)',
  betaSlider: 'β',
  betaExact: 'β, exact value',
  learningRate: 'Learning rate',
  restart: (patience: string) => `Restart codes idle for ${patience} steps`,
  emaDecay: 'EMA decay λ',

  newModel: 'These start a new model',
  codebookSize: 'Codebook size K',
  codeDim: 'Code length D',
  codebookUpdate: 'Codebook update',
  updateLoss: 'codebook loss',
  updateEma: 'EMA',
  dataset: 'Dataset',
  network: 'Network',
  presetTiny: 'tiny (fast)',
  presetR1: "r1 (the Keras example's)",

  train: 'Train',
  pause: 'Pause',
  stepOnce: 'Step',
  apply: 'Apply: new model',
  reset: 'Reset to untrained',
  compare: 'Show the previous run',
  logScale: 'Log scale',

  pending: "K, D, the update rule, the dataset and the network fix the model's shape or data, so applying them starts a new model. The current run stays on the charts for comparison.",
  linkProblem: (problem: string) => `The link asked for something the lab cannot do, so it was ignored: ${problem}`,
  heldBack: 'Paused while the lab is out of view; it resumes when you come back.',
  pretrainedFailed: (why: string) => `The pretrained model could not be loaded (${why}), so this one starts untrained.`,

  /** The dashed run's caption. `heldOut` is `heldOutEnd(…)` or empty. */
  ghostPretrained: (steps: string, batchSize: string, heldOut: string) => `Dashed: the pretrained run, ${steps} steps of ${batchSize} images${heldOut}: how the model the lab opened with was trained.`,
  heldOutEnd: (error: string) => `, ending at a held-out error of ${error}`,
  ghostContinues: (step: string, batchSize: string) => `Train continues it from step ${step}, on batches of ${batchSize}.`,
  ghostBeside: 'This run starts from scratch beside it.',
  ghostPrevious: (steps: string) => `Dashed: the previous run, ${steps} steps, counted from its start like this one.`,

  /** Names of the runs and lines in the charts' legends. */
  pretrainedRun: 'pretrained run',
  previousRun: 'previous run',
  ofRun: (line: string, run: string) => `${line} (${run})`,
  reconstruction: 'reconstruction',
  codebook: 'codebook',
  commitment: 'commitment (before β)',
  perplexity: 'perplexity',
  deadCodes: 'dead codes',

  lossAxis: 'loss',
  lossChart: (log: boolean) => `Reconstruction, codebook and commitment losses over training steps${log ? ', log scale' : ''}`,
  stepsContinue: 'Steps of the pretrained model’s training, which yours continue.',
  stepsSince: 'Steps since each run started.',
  linesCoincide: 'The codebook and commitment losses have the same value, so their lines coincide; only their gradients differ.',
  usageAxis: 'codes',
  usageChart: 'Perplexity of code usage and the number of dead codes over training steps',
  histogram: 'How often each code was chosen in the latest batch',
  trainToSee: 'Train a step to see which codes are used.',
  histogramCaption: 'Code usage in the latest batch; dead codes are the flat orange marks.',
  projection: 'Encoder outputs and codebook vectors on their first two principal components',
  projectionCaption: (images: string) => `Encoder outputs of ${images} test images (dots) and the codes (squares; dead codes are crosses), on the outputs' first two principal components.`,
  /** Said to screen readers when training stops. */
  summary: (step: string, reconstruction: string, codebook: string, perplexity: string, codebookSize: string, dead: string) =>
    `Step ${step}: reconstruction error ${reconstruction}, codebook loss ${codebook}, perplexity ${perplexity} of ${codebookSize}, ${dead} dead codes.`,

  testImages: 'Test images',
  reconstructions: "The model's reconstructions of the test images above",
  examplesCaption: 'Top: held-out test images. Bottom: what the model rebuilds from their 7×7 code grids.',

  checkpoints: 'Checkpoints',
  download: 'Download checkpoint',
  store: 'Keep in this browser',
  restore: 'Restore kept copy',
  openFiles: 'Open checkpoint files…',
  downloaded: 'Downloaded the checkpoint: a .json file and its .weights.bin.',
  stored: 'Kept in this browser (IndexedDB).',
  restored: 'Restored the copy kept in this browser.',
  loaded: (files: string) => `Loaded ${files}.`,
  /** After a load of a checkpoint that holds weights only: one saved before checkpoints kept the training state. */
  weightsOnly: "It holds weights only (an older checkpoint), so training restarts its statistics: Adam's moments, the EMA averages and the dead-code counts start again.",
  /** "Keep in this browser" failed; `full` when the quota was the reason, else `name` is the browser's error. */
  keepFailed: (full: boolean, name: string) =>
    `Could not keep the model in this browser: ${full ? "this site's storage is full" : `the browser refused IndexedDB (${name}), as it does in private browsing or with site data blocked`}. The model on screen is kept and training goes on; “Download checkpoint” saves it as files instead.`,
  /** "Restore kept copy" could not read IndexedDB; `name` is the browser's error. */
  openFailed: (name: string) => `Could not open the copy kept in this browser: the browser refused IndexedDB (${name}). The model on screen is kept.`,
  nothingKept: 'Nothing is kept in this browser yet: “Keep in this browser” stores the model first.',
  /** Between the names of the files loaded. */
  and: ' and ',
  /** Two sentences in one caption. */
  sentences: (first: string, second: string) => `${first} ${second}`,

  /** Why a value typed into a control or carried by a link was refused (src/lib/widgets/lab-settings.ts). */
  refusals: {
    names: { beta: 'β', learningRate: 'The learning rate', codebookSize: 'K', codeDim: 'D', emaDecay: 'The EMA decay' },
    number: (name: string, min: string, max: string, got: string) => `${name} must be a number from ${min} to ${max}; got ${got}.`,
    wholeNumber: (name: string, min: string, max: string, got: string) => `${name} must be a whole number from ${min} to ${max}; got ${got}.`,
    /** A link's value that must be one of two words, such as preset=tiny or r1. */
    oneOf: (key: string, first: string, second: string, got: string) => `${key} must be ${first} or ${second}; got ${got}.`,
    nothing: 'nothing',
  },
};

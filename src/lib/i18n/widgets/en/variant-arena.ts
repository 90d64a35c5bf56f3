/** Strings of VariantArena (and of the variants it offers, and their geometry panels), in English. Numbers come formatted. */
export const variantArena = {
  heading: 'Variants trained side by side',
  /** Each variant's name and the one change it makes to the tiny VQ-VAE (src/lib/widgets/variant-presets.ts). */
  variants: {
    plain: { label: 'Plain VQ', change: 'Nearest code by Euclidean distance, codebook trained by its loss.' },
    ema: { label: 'EMA codebook', change: 'Codes move to running averages of the vectors that chose them.' },
    cosine: { label: 'Cosine lookup', change: 'z and the codes are normalised; the largest cosine wins.' },
    lowdim: { label: 'Low-dim lookup', change: 'The search runs in a learned 2-D projection of the 8-D vectors.' },
    simvq: { label: 'SimVQ', change: 'A frozen random codebook times one learned 8×8 map.' },
    fsq: { label: 'FSQ 8×8', change: 'No codebook: 2 bounded numbers, each rounded to 8 levels.' },
    rotation: { label: 'Rotation trick', change: 'The gradient is rotated from z_q to z instead of copied.' },
    residual: { label: 'Residual, 2 stages', change: 'A second codebook quantises what the first missed.' },
  },
  pick: (min: string, max: string, codes: string) => `Pick ${min} to ${max} variants (each is the tiny VQ-VAE, K = ${codes}, with one change)`,
  /** Why a selection or a step count was refused. */
  problems: {
    unknown: (names: string, valid: string, one: boolean) => `Unknown variant${one ? '' : 's'}: ${names}. Pick from ${valid}.`,
    twice: 'Each variant can be picked only once.',
    tooFew: (min: string) => `Pick at least ${min} variants to compare.`,
    tooMany: (max: string) => `Pick at most ${max} variants: each one trains on the same shared engine.`,
    steps: (min: string, max: string, got: string) => `Steps must be a whole number from ${min} to ${max}; got ${got}.`,
    /** What an empty field is called in `steps`. */
    nothing: 'nothing',
    /** Between the names in `unknown`. */
    separator: ', ',
  },
  linkProblem: (problem: string) => `The link's variants were not used: ${problem}`,
  steps: 'Steps per run',
  chart: 'Chart',
  metrics: {
    perplexity: 'Perplexity (codes in use, of 64)',
    deadCodes: 'Dead codes (unused for 100 steps)',
    reconstruction: 'Reconstruction MSE',
  },
  pause: 'Pause',
  trainMore: (steps: string) => `Train ${steps} more`,
  trainAll: 'Train all',
  startAgain: 'Start again',
  /** A notice or error of one variant's model. */
  variantMessage: (variant: string, message: string) => `${variant}: ${message}`,
  outOfView: 'Paused while the arena is out of view; it carries on when you scroll back.',
  chartLabel: (metric: string) => `${metric} of each variant over training steps`,
  table: 'Latest values for each variant',
  columns: { variant: 'Variant', step: 'Step', perplexity: 'Perplexity', dead: 'Dead', mse: 'MSE', stepsPerSecond: 'Steps/s' },
  geometryHeading: "What each variant's codes look like",
  legendOutputs: (images: string, outputs: string) => `encoder outputs of ${images} test digits (${outputs})`,
  legendCodes: 'codes',
  legendDead: 'dead codes (unused for 100 steps)',
  plotLabel: (title: string, step: string) => `${title}, at step ${step}`,
  placeholder: 'Drawn once the model is built.',
  /** Under a panel: how to read it, the step it shows, and its dead codes ('' when there are none). */
  panelNote: (note: string, step: string, dead: string, codes: string) => `${note} Step ${step}${dead ? `; ${dead} of ${codes} codes dead` : ''}.`,
  /** The text summary after a run, one sentence per variant. */
  summary: (variant: string, steps: string, perplexity: string, dead: string, mse: string) =>
    `${variant} after ${steps} steps: perplexity ${perplexity}, dead codes ${dead}, reconstruction error ${mse}.`,
  /** Two sentences of the summary, one after the other. */
  then: (first: string, next: string) => `${first} ${next}`,
  caption: (batch: string) =>
    `Every variant starts from the same seed and sees the same batches of ${batch} MNIST digits. Perplexity is the number of codes a batch effectively uses; a code is dead once no latent has chosen it for 100 steps, so that count starts at step 100. Steps run in turns, so more variants train more slowly. The panels draw each variant's codes in the space its lookup searches, redrawn as it trains.`,
  /** The words of each variant's geometry panel (src/lib/widgets/variant-geometry.ts). */
  geometry: {
    pcaAxisX: 'principal component 1',
    pcaAxisY: 'principal component 2',
    pcaNote: 'The 8-D codes and outputs projected onto the outputs’ first two principal components.',
    kept: (percent: string) => `These two axes show ${percent}% of the outputs’ spread.`,
    /** A note followed by `kept`. */
    withKept: (note: string, kept: string) => `${note} ${kept}`,
    fsqTitle: 'FSQ: its 8×8 grid, in its own 2 dimensions',
    fsqAxisX: 'z′₁, squashed (levels)',
    fsqAxisY: 'z′₂, squashed (levels)',
    fsqNote: 'The encoder outputs 2 numbers; each is squashed and rounded to the nearest of 8 levels, so every output takes the grid point nearest to it.',
    lowdimTitle: (label: string) => `${label}: the 2-D codes cⱼ and the projected outputs u = W↓z, as they are`,
    lowdimNote: 'The search runs here, in 2 learned dimensions: nothing is projected away for the picture.',
    cosineTitle: (label: string) => `${label}: unit vectors, projected onto 2 principal components`,
    cosineNote: 'A projection of the 8-D unit sphere: every unit vector lands inside the dashed circle, and one near the centre points mostly along the six unseen directions.',
    simvqTitle: (label: string) => `${label}: the codes CW, projected onto 2 principal components`,
    residualTitle: (label: string) => `${label}: the first stage’s codes, projected onto 2 principal components`,
    title: (label: string) => `${label}: codes, projected onto 2 principal components`,
  },
};

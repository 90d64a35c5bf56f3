/**
 * Strings of GradientFlow, in English. The toy's code index is passed as a number; coordinates,
 * gradients, losses and training steps come formatted, as text.
 */
export const gradientFlow = {
  toyHeading: 'A toy quantiser in two dimensions',
  /** The toy's aria-label; everything but `code` is formatted. */
  toyLabel: (x: string, y: string, code: number, gx: string, gy: string) =>
    `z at (${x}, ${y}) is quantised to code ${code}; the gradient at z is (${gx}, ${gy})`,
  toyLoading: 'Loading',
  /** The legend's first line, followed by a subscript q (its last z is z_q). */
  forward: 'forward: z is replaced by its nearest code z',
  /** The legend's second line: backwardBefore, a subscript q, backwardMiddle, a subscript q, then backwardCopied or backwardOnly. */
  backwardBefore: 'backward: −gradient of ‖z',
  backwardMiddle: ' − target‖², at z',
  backwardCopied: ', copied to z',
  backwardOnly: ' only',
  target: 'the target the loss pulls toward',
  estimator: 'Straight-through estimator',
  step: 'Step',
  play: 'Play',
  stop: 'Stop',
  reset: 'Reset',
  /** Everything but `steps` and `code` is formatted; `estimator` says whether the estimator is on. */
  toyNote: (steps: number, x: string, y: string, code: number, gx: string, gy: string, estimator: boolean) =>
    `Step ${steps}: z = (${x}, ${y}) → code ${code}. Gradient at z: (${gx}, ${gy})${estimator ? '' : ' — without the estimator z never moves'}.`,
  modelsHeading: 'Two tiny VQ-VAEs from the same start',
  train: 'Train both',
  pause: 'Pause',
  restart: 'Start again',
  ste: {
    title: 'With the estimator',
    explain: 'z + sg[z_q − z]: the decoder’s gradient is copied to z; β = 0.25.',
    series: 'with the estimator',
  },
  stopped: {
    title: 'No gradient to the encoder',
    explain: 'The decoder sees z_q and its gradient stops there; β = 0, so nothing else reaches the encoder.',
    series: 'no gradient to the encoder',
  },
  /** One model's counters; all formatted. */
  counters: (step: string, reconstruction: string, gradient: string) => `Step ${step} · reconstruction ${reconstruction} · encoder gradient ${gradient}`,
  testDigits: 'Test digits',
  /** `title` is the model's title. */
  reconstructions: (title: string) => `${title}: reconstructions of the test digits`,
  chartAxis: 'reconstruction MSE',
  chartLabel: 'Reconstruction error of both models over training steps, log scale',
  /** Said when training stops; all formatted. */
  summary: (step: string, steLoss: string, stoppedLoss: string, steGradient: string, stoppedGradient: string) =>
    `After ${step} steps, reconstruction error with the estimator ${steLoss}, without it ${stoppedLoss}; gradient reaching the encoder ${steGradient} and ${stoppedGradient}.`,
};

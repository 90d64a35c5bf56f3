/** Strings of ResidualStages, in English. Numbers come formatted; `one` says the count is 1. */
export const residualStages = {
  startError: (message: string) => `The residual model could not start: ${message}`,
  oneStage: (stages: string) => `the checkpoint has ${stages} stage, so there is nothing to compare`,
  pickDigit: 'Pick a test digit',
  stagesControl: 'Stages the decoder sees',
  stagesOf: (stages: string, total: string) => `${stages} of ${total}`,
  stagesValue: (stages: string, total: string) => `${stages} of ${total} stages`,
  inputImage: 'The test digit',
  input: 'input',
  reconstructionImage: (stages: string, one: boolean) => `Its reconstruction from the first ${stages} stage${one ? '' : 's'}`,
  reconstruction: (stages: string, one: boolean) => `${stages} stage${one ? '' : 's'}`,
  missingImage: 'What is still missing: the difference between the digit and the reconstruction',
  missing: 'still missing',
  stagesList: 'The reconstruction and its error after each stage',
  stageButton: (stage: string, error: string, one: boolean) => `${stage}: ${error}, the error after ${stage} stage${one ? '' : 's'}`,
  /** `first` is the error with one stage, or '' when one stage is shown; `means` is a list of errors. */
  summary: (stages: string, total: string, error: string, first: string, examples: string, means: string) =>
    `With ${stages} of ${total} stages, this digit's reconstruction error is ${error}` +
    (first ? `, down from ${first} with one stage` : '') +
    `. Mean over the ${examples} test digits: ${means} after 1 to ${total} stages.`,
  /** Between the values of a list of errors. */
  listSeparator: ', ',
  loading: 'Loading the residual model…',
  caption: (total: string, codebookSize: string) =>
    `One tiny VQ-VAE with ${total} codebooks of ${codebookSize} codes each, trained together. Stage 1 picks the nearest code to the encoder's output; each later stage picks a code for what is left over. The decoder sees the sum of the codes of the stages chosen. Errors are mean squared errors per pixel, pixels in [0, 1].`,
};

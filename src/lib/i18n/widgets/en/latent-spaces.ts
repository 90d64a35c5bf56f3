/** Strings of LatentSpaces, in English. */
export const latentSpaces = {
  aeTitle: 'Autoencoder',
  vaeTitle: 'Variational autoencoder',
  /** The model's short name in the notice that its checkpoint did not load. */
  aeShort: 'AE',
  vaeShort: 'VAE',
  trainBoth: 'Train both',
  pause: 'Pause',
  trainFromScratch: 'Train from scratch',
  pretrainedFailed: (model: string, why: string) => `The pretrained ${model} could not be loaded (${why}), so it starts untrained.`,
  heldBack: 'Paused while out of view; training resumes when you come back.',
  /** `step` is formatted. */
  step: (step: string) => `Step ${step}`,
  /** `loss` is formatted, in nats. */
  loss: (loss: string) => `loss ${loss} nats`,
  /** `loss` and `kl` are formatted, in nats. */
  lossWithKl: (loss: string, kl: string) => `loss ${loss} nats, of which KL ${kl}`,
  /** `count` is formatted; `model` is the panel's title. */
  scatterLabel: (count: string, model: string) => `${count} held-out digits in the ${model.toLowerCase()}'s 2-D latent space, each drawn as its digit`,
  classCentresSummary: 'Class centres as text',
  /** One class's mean latent; `x` and `y` are formatted. */
  classCentre: (digit: number, x: string, y: string) => `${digit} at (${x}, ${y})`,
  listSeparator: '; ',
  loading: 'Loading the pretrained model…',
  /** `x` and `y` are formatted. */
  decodedImage: (x: string, y: string) => `The digit decoded at (${x}, ${y})`,
  decodedAt: (x: string, y: string) => `decoded at (${x}, ${y})`,
  clickToDecode: 'Click the plot to decode a point.',
  caption:
    "Each mark is a held-out digit placed where the encoder puts it. The plain autoencoder may use its plane any way it likes; the VAE's KL term keeps its latents near the origin, so the space between classes still decodes to something digit-like.",
};

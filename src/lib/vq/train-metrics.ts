/** What one VQ-VAE training step reports, as plain numbers, so it can cross a Worker boundary as is. */
export type TrainMetrics = {
  /** Steps applied so far, this one included if it was applied. */
  step: number;
  /** reconstruction + codebook (unless EMA trains the codes) + β · commitment. */
  loss: number;
  /** Mean squared error of the reconstruction, pixels in [0,1]. */
  reconstruction: number;
  /** mean ‖sg[z] − zq‖². */
  codebook: number;
  /** mean ‖z − sg[zq]‖², before the β weight. */
  commitment: number;
  /** exp of the entropy of this batch's code usage: the number of codes effectively in use. */
  perplexity: number;
  /** How many of this batch's latents chose each code, length K. */
  usage: number[];
  /** ‖∂loss/∂(encoder weights)‖: how hard this step pulls on the encoder; 0 when nothing reaches it. */
  encoderGradientNorm: number;
  /** Codes no latent has chosen for the dead-code patience (see `deadCodePatience`), after any restart. */
  deadCodes: number;
  /** Codes moved onto encoder outputs by this step's dead-code restart. */
  restarted: number;
  /** Why the step was rejected and the weights kept (a non-finite loss or gradient), or null if it was applied. */
  rejected: string | null;
};

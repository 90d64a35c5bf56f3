/** Strings of HeroSamples, in English. Numbers come formatted. */
export const heroSamples = {
  /** The caption when the page gives none. */
  caption: 'Sixteen digits the model invents: a prior picks 49 codes for each, and the decoder draws them.',
  image: (position: string, total: string) => `Sixteen sampled digits, ${position} of ${total} codes drawn in each`,
};

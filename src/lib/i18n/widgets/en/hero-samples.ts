/** Strings of HeroSamples, in English. */
export const heroSamples = {
};

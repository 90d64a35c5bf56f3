/** Strings of PixelSampler, in English. */
export const pixelSampler = {
};

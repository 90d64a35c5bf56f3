/** Strings of SamplingTheatre, in English. */
export const samplingTheatre = {
};

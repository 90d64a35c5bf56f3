/** Strings of LatentSpaces, in English. */
export const latentSpaces = {
};

/** Strings of EncodeDecode, in English. */
export const encodeDecode = {
};

/** Strings of QuantizationPlayground, in English. */
export const quantizationPlayground = {
};

/** Strings of GradientFlow, in English. */
export const gradientFlow = {
};

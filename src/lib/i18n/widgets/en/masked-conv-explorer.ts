/** Strings of MaskedConvExplorer, in English. */
export const maskedConvExplorer = {
};

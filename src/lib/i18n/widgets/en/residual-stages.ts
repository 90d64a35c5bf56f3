/** Strings of ResidualStages, in English. */
export const residualStages = {
};

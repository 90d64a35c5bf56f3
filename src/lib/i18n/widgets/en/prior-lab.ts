/** Strings of PriorLab, in English. */
export const priorLab = {
};

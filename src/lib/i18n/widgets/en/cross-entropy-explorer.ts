/** Strings of CrossEntropyExplorer, in English. */
export const crossEntropyExplorer = {
};

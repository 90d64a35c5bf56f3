/** Strings of the widgets' shared parts (charts, inputs, progress, errors), in English. */
export const common = {
};

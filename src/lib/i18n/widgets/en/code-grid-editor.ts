/** Strings of CodeGridEditor, in English. */
export const codeGridEditor = {
};

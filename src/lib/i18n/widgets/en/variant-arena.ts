/** Strings of VariantArena, in English. */
export const variantArena = {
};

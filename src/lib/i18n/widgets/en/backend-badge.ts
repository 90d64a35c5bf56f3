/** Strings of BackendBadge, in English. */
export const backendBadge = {
};

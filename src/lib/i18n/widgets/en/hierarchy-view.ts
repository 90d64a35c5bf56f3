/** Strings of HierarchyView, in English. */
export const hierarchyView = {
};

/** Strings of DatasetPreview, in English. */
export const datasetPreview = {
};

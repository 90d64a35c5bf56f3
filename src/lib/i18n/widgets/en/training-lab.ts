/** Strings of TrainingLab, in English. */
export const trainingLab = {
};

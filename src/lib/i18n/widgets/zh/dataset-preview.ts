import type { WidgetStrings } from '../index.ts';

/** Strings of DatasetPreview, in Chinese. */
export const datasetPreview: WidgetStrings['datasetPreview'] = {
};

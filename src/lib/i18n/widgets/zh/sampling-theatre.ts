import type { WidgetStrings } from '../index.ts';

/** Strings of SamplingTheatre, in Chinese. */
export const samplingTheatre: WidgetStrings['samplingTheatre'] = {
};

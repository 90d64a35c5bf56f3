import type { WidgetStrings } from '../index.ts';

/** Strings of PixelSampler, in Chinese. */
export const pixelSampler: WidgetStrings['pixelSampler'] = {
};

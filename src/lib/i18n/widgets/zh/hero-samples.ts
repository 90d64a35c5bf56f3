import type { WidgetStrings } from '../index.ts';

/** Strings of HeroSamples, in Chinese. */
export const heroSamples: WidgetStrings['heroSamples'] = {
};

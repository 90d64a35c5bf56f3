import type { WidgetStrings } from '../index.ts';

/** Strings of LatentSpaces, in Chinese. */
export const latentSpaces: WidgetStrings['latentSpaces'] = {
};

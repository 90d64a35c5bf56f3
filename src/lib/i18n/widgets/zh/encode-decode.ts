import type { WidgetStrings } from '../index.ts';

/** Strings of EncodeDecode, in Chinese. */
export const encodeDecode: WidgetStrings['encodeDecode'] = {
};

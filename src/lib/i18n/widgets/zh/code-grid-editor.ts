import type { WidgetStrings } from '../index.ts';

/** Strings of CodeGridEditor, in Chinese. */
export const codeGridEditor: WidgetStrings['codeGridEditor'] = {
};

/** Languages the site is written in; the first is the default. */
export const languages = ['en', 'zh'] as const;
/** One of the site's languages. */
export type Lang = (typeof languages)[number];

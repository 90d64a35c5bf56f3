/** Words per minute for technical prose; slower than the usual 230 because readers stop at formulas. */
const wordsPerMinute = 200;
/** Han characters per minute for Chinese technical prose: a word of English carries about two of them. */
const hanPerMinute = 400;
/** Seconds a reader spends on one display formula. */
const secondsPerDisplayFormula = 10;

/**
 * Estimated minutes to read an MDX chapter body: prose words plus a fixed cost per display formula.
 * Imports, JSX tags and maths are not counted as words. Chinese text is read at `hanPerMinute` characters.
 */
export function readingMinutes(mdxBody: string): number {
  const displayFormulas = (mdxBody.match(/\$\$[\s\S]*?\$\$/g) ?? []).length;
  const prose = mdxBody
    .replace(/^(import|export)\s.*$/gm, ' ')
    .replace(/\$\$[\s\S]*?\$\$/g, ' ')
    .replace(/\$[^$\n]+\$/g, ' x ')
    .replace(/<[^>]+>/g, ' ');
  const hanCharacters = (prose.match(/\p{Script=Han}/gu) ?? []).length;
  const words = (prose.replace(/\p{Script=Han}/gu, ' ').match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).length;
  const minutes = words / wordsPerMinute + hanCharacters / hanPerMinute + (displayFormulas * secondsPerDisplayFormula) / 60;
  return Math.max(1, Math.round(minutes));
}

/** Words per minute for technical prose; slower than the usual 230 because readers stop at formulas. */
const wordsPerMinute = 200;
/** Seconds a reader spends on one display formula. */
const secondsPerDisplayFormula = 10;

/**
 * Estimated minutes to read an MDX chapter body: prose words plus a fixed cost per display formula.
 * Imports, JSX tags and maths are not counted as words. Chinese text counts each Han character as a word.
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
  const minutes = (words + hanCharacters) / wordsPerMinute + (displayFormulas * secondsPerDisplayFormula) / 60;
  return Math.max(1, Math.round(minutes));
}

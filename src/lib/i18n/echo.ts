/**
 * How a refusal repeats what it refused. A field, a link or an attribute can carry thousands of
 * characters; repeated whole, they would bury the field's name and range and, having no space to break
 * at, widen the page far past the screen. Imports nothing, so the engine, the embed and every widget
 * can use it.
 */

/** The most characters of a refused value that a message repeats. */
export const ECHO_LIMIT = 24;

/**
 * A refused value as a message repeats it: cut to ECHO_LIMIT characters with an ellipsis when longer
 * (counted in code points, so an emoji is never split in half). Spaces are kept; a caller that ignores
 * them trims first.
 */
export function echoed(text: string): string {
  const characters = [...text];
  return characters.length <= ECHO_LIMIT ? characters.join('') : `${characters.slice(0, ECHO_LIMIT).join('')}…`;
}

/**
 * The seed a reader types into a sampler (chapter 1's pixel sampler, chapter 5's sampling theatre):
 * a whole number in a range small enough to read and type back, so that the same seed draws the same
 * sample. Anything else is refused, and the sample keeps the seed it had.
 */
import { echoed } from '../i18n/echo.ts';

/** The largest seed a sampler takes. */
export const MAX_SEED = 1_000_000;

/**
 * A seed as typed: its value, or why it was refused, in the sentence `refuse` writes from what was
 * typed (empty when nothing was, shortened when long).
 */
export function checkSeed(text: string, refuse: (got: string) => string): { value: number } | { problem: string } {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isInteger(value) || value < 0 || value > MAX_SEED) return { problem: refuse(echoed(trimmed)) };
  return { value };
}

/** A decoded pixel (about [0,1]; decoders do not clip) as a byte for drawing. */
export function toByte(value: number): number {
  return Math.round(Math.min(1, Math.max(0, value)) * 255);
}

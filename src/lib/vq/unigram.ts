/**
 * Entropy in bits of the codes' overall frequencies: what a prior that ignores context would cost per
 * latent, the baseline a PixelCNN prior must beat.
 */
export function unigramBits(codes: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < codes.length; i++) counts.set(codes[i], (counts.get(codes[i]) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / codes.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

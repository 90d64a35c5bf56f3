/**
 * A colour for code k, for light and dark themes. Successive codes step round the hue circle by the
 * golden angle, so neighbours in index look different; every cell also prints its number, so no
 * reader depends on telling the colours apart.
 */
export function codeColour(code: number): string {
  const hue = (code * 137.508) % 360;
  return `light-dark(hsl(${hue.toFixed(1)} 60% 84%), hsl(${hue.toFixed(1)} 35% 30%))`;
}

import { describe, expect, it } from 'vitest';
import { readingMinutes } from '../../src/lib/content/reading-time.ts';

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

describe('readingMinutes', () => {
  it('counts prose at 200 words a minute, never less than one minute', () => {
    expect(readingMinutes(words(1000))).toBe(5);
    expect(readingMinutes(words(10))).toBe(1);
  });

  it('ignores imports and JSX tags, and charges each display formula ten seconds', () => {
    const imports = "import { BackendBadge } from '../../src/components/widgets/index.ts';\n";
    expect(readingMinutes(imports + '<BackendBadge client:visible />\n' + words(400))).toBe(2);
    const formulas = Array.from({ length: 18 }, () => '$$\n\\sum_i x_i\n$$').join('\n');
    expect(readingMinutes(words(400) + '\n' + formulas)).toBe(5);
  });

  it('reads Chinese at 400 characters a minute', () => {
    expect(readingMinutes('量'.repeat(1200))).toBe(3);
  });
});

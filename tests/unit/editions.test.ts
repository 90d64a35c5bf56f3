import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chapterStructure, compareEditions } from '../../src/lib/content/edition-parity.ts';
import { glossary } from '../../src/lib/i18n/glossary.ts';

/** Every English page (chapters and reference pages) with its path relative to content/en. */
const englishPages = [
  ...readdirSync('content/en').filter((f) => f.endsWith('.mdx')),
  ...readdirSync('content/en/appendix').map((f) => `appendix/${f}`),
];
const read = (lang: string, page: string) => readFileSync(join('content', lang, page), 'utf8');

describe('the Chinese edition', () => {
  it('has every English chapter and reference page', () => {
    for (const page of englishPages) expect(existsSync(join('content/zh', page)), `content/zh/${page}`).toBe(true);
  });

  for (const page of englishPages.filter((p) => existsSync(join('content/zh', p)))) {
    describe(page, () => {
      const zh = read('zh', page);

      it('has the same widgets, display maths, tables, citations, footnotes and headings as the English', () => {
        expect(compareEditions(read('en', page), zh)).toEqual([]);
      });

      it('passes lang="zh" to every widget', () => {
        const tags = [...zh.replace(/```[\s\S]*?```/g, '').matchAll(/<([A-Z][A-Za-z0-9]*)\b[^>]*\bclient:[a-z]+[^>]*>/g)];
        for (const tag of tags) expect(tag[0], `${page}: ${tag[1]}`).toContain('lang="zh"');
      });

      it('links to Chinese pages, not English ones', () => {
        expect(zh.match(/\]\(\/en\/[^)]*\)/g) ?? []).toEqual([]);
      });

      it('uses the glossary terms, never the synonyms it rules out', () => {
        for (const entry of Object.values(glossary)) {
          for (const avoid of 'avoid' in entry ? entry.avoid : []) expect(zh.includes(avoid), `${page} writes ${avoid}; the glossary says ${entry.zh}`).toBe(false);
        }
      });
    });
  }

  it('the parity check notices a missing widget, a changed formula and a dropped table row', () => {
    const en = "import { A } from './a.ts';\n\n$$\nx^2\n$$\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n<A client:visible />\n";
    expect(compareEditions(en, en)).toEqual([]);
    expect(compareEditions(en, en.replace('<A client:visible />', ''))).toHaveLength(1);
    expect(compareEditions(en, en.replace('x^2', 'x^3'))[0]).toContain('display formula 1 differs');
    expect(compareEditions(en, en.replace('| 1 | 2 |\n', ''))[0]).toContain('tables differ');
    expect(chapterStructure(en).widgets).toEqual(['A']);
  });
});

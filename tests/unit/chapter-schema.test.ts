import { describe, expect, it } from 'vitest';
import { chapterSchema, parseChapterPath } from '../../src/lib/content/chapter-schema.ts';

const valid = { title: 'Straight-through estimation', order: 3, summary: 'Why argmin blocks gradients and how to pass them anyway.' };

/** The field names a failed parse complains about. */
function failingFields(data: unknown): string[] {
  const result = chapterSchema.safeParse(data);
  if (result.success) return [];
  return result.error.issues.map((issue) => issue.path.join('.') || issue.code);
}

describe('chapter frontmatter schema', () => {
  it('accepts a complete chapter, with or without a status', () => {
    expect(chapterSchema.parse(valid)).toEqual(valid);
    expect(chapterSchema.parse({ ...valid, status: 'draft' }).status).toBe('draft');
  });

  it('names the field that is wrong', () => {
    expect(failingFields({ ...valid, order: 'three' })).toEqual(['order']);
    expect(failingFields({ ...valid, order: 2.5 })).toEqual(['order']);
    expect(failingFields({ ...valid, order: 0 })).toEqual(['order']);
    expect(failingFields({ ...valid, title: '   ' })).toEqual(['title']);
    expect(failingFields({ ...valid, summary: 'Too short.' })).toEqual(['summary']);
    expect(failingFields({ ...valid, status: 'finished' })).toEqual(['status']);
  });

  it('requires title, order and summary', () => {
    expect(failingFields({}).sort()).toEqual(['order', 'summary', 'title']);
  });

  it('rejects unknown keys, so a typo such as "sumary" does not pass silently', () => {
    const result = chapterSchema.safeParse({ ...valid, sumary: 'x' });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('sumary');
  });
});

describe('chapter paths', () => {
  it('splits language and slug, dropping the number', () => {
    expect(parseChapterPath('en/03-straight-through-estimation.mdx')).toEqual({
      lang: 'en',
      slug: 'straight-through-estimation',
      id: 'en/straight-through-estimation',
    });
    expect(parseChapterPath('zh/01-autoregressive-modelling.mdx').lang).toBe('zh');
  });

  it('rejects files that break the naming rule, naming the file', () => {
    expect(() => parseChapterPath('en/intro.mdx')).toThrow(/content\/en\/intro\.mdx.*NN-slug/);
    expect(() => parseChapterPath('en/3-intro.mdx')).toThrow(/NN-slug/);
    expect(() => parseChapterPath('en/03-Intro.mdx')).toThrow(/NN-slug/);
    expect(() => parseChapterPath('fr/03-intro.mdx')).toThrow(/unknown language "fr"/);
  });
});

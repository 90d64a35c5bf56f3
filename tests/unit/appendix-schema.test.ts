import { describe, expect, it } from 'vitest';
import { appendixSchema, assertNoSlugCollision, parseAppendixPath } from '../../src/lib/content/appendix-schema.ts';

const valid = { title: 'Notation', summary: 'Every symbol the chapters use, and what it stands for.', order: 1 };

/** The field names a failed parse complains about. */
function failingFields(data: unknown): string[] {
  const result = appendixSchema.safeParse(data);
  if (result.success) return [];
  return result.error.issues.map((issue) => issue.path.join('.') || issue.code);
}

describe('reference page frontmatter schema', () => {
  it('accepts title, summary and order', () => {
    expect(appendixSchema.parse(valid)).toEqual(valid);
  });

  it('names the field that is wrong', () => {
    expect(failingFields({ ...valid, order: 'one' })).toEqual(['order']);
    expect(failingFields({ ...valid, order: 1.5 })).toEqual(['order']);
    expect(failingFields({ ...valid, order: 0 })).toEqual(['order']);
    expect(failingFields({ ...valid, title: ' ' })).toEqual(['title']);
    expect(failingFields({ ...valid, summary: 'Symbols.' })).toEqual(['summary']);
  });

  it('requires every field', () => {
    expect(failingFields({}).sort()).toEqual(['order', 'summary', 'title']);
  });

  it('rejects unknown keys, including the chapter-only status', () => {
    expect(JSON.stringify(appendixSchema.safeParse({ ...valid, sumary: 'x' }).error?.issues)).toContain('sumary');
    expect(appendixSchema.safeParse({ ...valid, status: 'draft' }).success).toBe(false);
  });
});

describe('reference page paths', () => {
  it('splits language and slug', () => {
    expect(parseAppendixPath('en/appendix/notation.mdx')).toEqual({ lang: 'en', slug: 'notation', id: 'en/notation' });
    expect(parseAppendixPath('zh/appendix/measurements.mdx').lang).toBe('zh');
  });

  it('rejects files that break the naming rule or take a reserved slug, naming the file', () => {
    expect(() => parseAppendixPath('en/appendix/Notation.mdx')).toThrow(/content\/en\/appendix\/Notation\.mdx.*appendix\/slug\.mdx/);
    expect(() => parseAppendixPath('en/appendix/01-notation.mdx')).toThrow(/appendix\/slug\.mdx/);
    expect(() => parseAppendixPath('en/notation.mdx')).toThrow(/appendix\/slug\.mdx/);
    expect(() => parseAppendixPath('fr/appendix/notation.mdx')).toThrow(/unknown language "fr"/);
    expect(() => parseAppendixPath('en/appendix/credits.mdx')).toThrow(/"credits" is taken/);
  });

  it('refuses a reference page that shares its path with a chapter', () => {
    expect(() => assertNoSlugCollision('en', ['notation', 'measurements'], ['prior-and-sampling'])).not.toThrow();
    expect(() => assertNoSlugCollision('en', ['notation'], ['notation'])).toThrow('/en/notation/ is both a chapter and a reference page');
  });
});

import { describe, expect, it } from 'vitest';
import { glossary } from '../../src/lib/i18n/glossary.ts';
import { widgetStrings } from '../../src/lib/i18n/widgets/index.ts';
import { formatInteger, formatNumber } from '../../src/lib/i18n/format.ts';
import { languages } from '../../src/lib/content/chapter-schema.ts';

type Leaf = { path: string; value: unknown };

/** Every string or function in a table, with its dotted path. */
function leaves(table: unknown, path = ''): Leaf[] {
  if (typeof table === 'string' || typeof table === 'function') return [{ path, value: table }];
  if (table && typeof table === 'object') return Object.entries(table).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  return [{ path, value: table }];
}

/** A function's output for some sample arguments, so its text can be checked like a string's. */
function sampleText(value: unknown): string {
  if (typeof value === 'string') return value;
  const fn = value as (...args: unknown[]) => string;
  return fn(...Array.from({ length: fn.length }, (_, i) => (i % 2 === 0 ? 3 : 'x')));
}

describe('widget strings', () => {
  const english = leaves(widgetStrings('en'));

  it('the English table has strings for the widgets', () => {
    expect(english.length).toBeGreaterThan(50);
  });

  for (const lang of languages.filter((l) => l !== 'en')) {
    it(`${lang} has exactly the English keys, each a non-empty string or a function of the same arity`, () => {
      const other = new Map(leaves(widgetStrings(lang)).map((l) => [l.path, l.value]));
      expect([...other.keys()].sort()).toEqual(english.map((l) => l.path).sort());
      for (const { path, value } of english) {
        const translated = other.get(path);
        expect(typeof translated, path).toBe(typeof value);
        if (typeof value === 'function') expect((translated as (...a: unknown[]) => string).length, path).toBe((value as (...a: unknown[]) => string).length);
        expect(sampleText(translated).trim().length, path).toBeGreaterThan(0);
      }
    });
  }

  it('Chinese strings use the glossary terms, never the synonyms it rules out', () => {
    for (const { path, value } of leaves(widgetStrings('zh'))) {
      const text = sampleText(value);
      for (const entry of Object.values(glossary)) {
        for (const avoid of 'avoid' in entry ? entry.avoid : []) expect(text, `${path} uses ${avoid}; the glossary says ${entry.zh}`).not.toContain(avoid);
      }
    }
  });
});

describe('number formatting', () => {
  it('groups and rounds the way each language writes numbers', () => {
    expect(formatInteger('en', 192000)).toBe('192,000');
    expect(formatInteger('zh', 192000)).toBe('192,000');
    expect(formatNumber('en', 0.004528, 4)).toBe('0.0045');
    expect(formatNumber('zh', 1.7777)).toBe('1.78');
    expect(formatNumber('en', Number.NaN)).toBe('–');
  });
});

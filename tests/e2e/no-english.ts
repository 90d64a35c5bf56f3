import { expect, type Locator } from '@playwright/test';
import { widgetStrings } from '../../src/lib/i18n/widgets/index.ts';
import type { Lang } from '../../src/lib/content/chapter-schema.ts';

/**
 * Checks that a widget on a translated page shows none of its English strings.
 *
 *   await expectNoEnglish(lab, en.trainingLab);                        // one table
 *   await expectNoEnglish(lab, [en.trainingLab, en.common, en.backendBadge]);
 *
 * where `en = widgetStrings('en')`. Each table must be a part of the English widget strings (it is found
 * there by identity, and its counterpart is taken from the `lang` table at the same place).
 *
 * Candidates are the table's leaf strings, and the outputs of its functions for a few sample arguments,
 * that have at least three characters, contain Latin letters and differ from their counterparts in
 * `lang`. Numbers are not compared: every run of digits (with its grouping and decimal signs) and every
 * sample argument reads as one placeholder, so `Step 12 of 500` matches `stepOf(3, 3)`.
 *
 * The check fails when a candidate is, after trimming and collapsing spaces, the whole of a text node,
 * of an element's text, or of an aria-label, aria-valuetext, aria-description, title, alt or
 * placeholder inside the locator; or when an English phrase of three or more words, which no string of
 * `lang` contains, appears anywhere inside one of them.
 */
export async function expectNoEnglish(locator: Locator, tables: object | object[], lang: Lang = 'zh'): Promise<void> {
  const english = widgetStrings('en') as unknown as Record<string, unknown>;
  const other = widgetStrings(lang) as unknown as Record<string, unknown>;
  const candidates = new Map<string, string>(); // normalised English text → its table path
  const allOther: string[] = leaves(other).flatMap(({ value }) => samples(value));
  for (const table of Array.isArray(tables) ? tables : [tables]) {
    const path = pathOf(english, table);
    if (path === null) throw new Error('expectNoEnglish: the table is not part of widgetStrings("en"); pass e.g. widgetStrings("en").trainingLab');
    const counterpart = path.reduce<unknown>((t, key) => (t as Record<string, unknown> | undefined)?.[key], other);
    for (const leaf of leaves(table)) {
      const theirs = new Set(samples(leaf.path.reduce<unknown>((t, key) => (t as Record<string, unknown> | undefined)?.[key], counterpart)).map(normalise));
      for (const text of samples(leaf.value)) {
        const key = normalise(text);
        if (key.length < 3 || !/[A-Za-z]/.test(key) || theirs.has(key)) continue;
        candidates.set(key, [...path, ...leaf.path].join('.'));
      }
    }
  }
  const otherText = allOther.map(normalise).join('\n');
  const phrases = [...candidates].filter(([key]) => /[A-Za-z]+\W+[A-Za-z]+\W+[A-Za-z]+/.test(key) && !otherText.includes(key));

  const seen = await locator.evaluateAll((roots) => {
    const found: { where: string; text: string }[] = [];
    const attributes = ['aria-label', 'aria-valuetext', 'aria-description', 'title', 'alt', 'placeholder'];
    const describe = (el: Element) => `<${el.tagName.toLowerCase()}${el.getAttribute('data-field') ? ` data-field="${el.getAttribute('data-field')}"` : ''}${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}>`;
    for (const root of roots) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (parent && (parent.closest('script, style') || parent.closest('[hidden]'))) continue;
        found.push({ where: `text in ${parent ? describe(parent) : '?'}`, text: node.textContent ?? '' });
      }
      for (const el of [root, ...root.querySelectorAll('*')]) {
        if (el.closest('script, style')) continue;
        found.push({ where: `text of ${describe(el)}`, text: el.textContent ?? '' });
        for (const name of attributes) {
          const value = el.getAttribute(name);
          if (value !== null) found.push({ where: `${name} of ${describe(el)}`, text: value });
        }
      }
    }
    return found;
  });

  const problems = new Set<string>();
  for (const { where, text } of seen) {
    const key = normalise(text);
    if (key.length < 3) continue;
    const whole = candidates.get(key);
    if (whole) problems.add(`${where}: "${text.trim()}" is English (${whole})`);
    for (const [phrase, from] of phrases) if (key !== phrase && key.includes(phrase)) problems.add(`${where}: "${text.trim()}" contains English "${phrase}" (${from})`);
  }
  expect([...problems], `English strings inside the ${lang} widget`).toEqual([]);
}

type Leaf = { path: string[]; value: unknown };

function leaves(table: unknown, path: string[] = []): Leaf[] {
  if (typeof table === 'string' || typeof table === 'function') return [{ path, value: table }];
  if (table && typeof table === 'object') return Object.entries(table).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [];
}

/** Where `table` sits inside `root`, by identity, as a list of keys; null when it is not there. */
function pathOf(root: unknown, table: unknown, path: string[] = []): string[] | null {
  if (root === table) return path;
  if (!root || typeof root !== 'object') return null;
  for (const [key, value] of Object.entries(root)) {
    const found = pathOf(value, table, [...path, key]);
    if (found) return found;
  }
  return null;
}

/** A sample argument: stands for any value in the output, like a number. */
const ARG = '\u2042';

/** A string itself; a function's outputs for a few sample arguments (the ones that do not throw). */
function samples(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'function') return [];
  const fn = value as (...args: unknown[]) => unknown;
  const n = fn.length;
  const patterns: unknown[][] = [
    Array.from({ length: n }, () => 3),
    Array.from({ length: n }, () => ARG),
    Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 3 : ARG)),
    Array.from({ length: n }, (_, i) => (i % 2 === 0 ? ARG : 3)),
    Array.from({ length: n }, () => 1),
    Array.from({ length: n }, () => true),
    Array.from({ length: n }, () => false),
  ];
  const out = new Set<string>();
  for (const args of patterns) {
    try {
      const text = fn(...args);
      if (typeof text === 'string' && !/undefined|NaN|\[object/.test(text)) out.add(text);
    } catch {
      // Not a shape this function takes.
    }
  }
  return [...out];
}

/** Text with its numbers and sample arguments as `#`, spaces collapsed. */
function normalise(text: string): string {
  return text
    .replaceAll(ARG, '#')
    .replace(/[−-]?\d[\d,.\u202f\u00a0]*/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
}

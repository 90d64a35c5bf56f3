import { describe, expect, it } from 'vitest';
import { checkAttributes } from '../../src/embed/attributes.ts';
import { embeds, rulesFor } from '../../src/embed/registry.ts';

// An embedded widget's attributes: lang picks the language the widget speaks, and is checked like the rest.
describe('embed attributes', () => {
  const rules = rulesFor(embeds['quantization-playground']);

  it('passes lang="en" or lang="zh" to the widget as its lang prop', () => {
    expect(checkAttributes({ lang: 'zh', k: '5' }, rules)).toEqual({ props: { lang: 'zh', codebookSize: 5 }, query: {}, problems: [] });
    expect(checkAttributes({ lang: ' en ' }, rules)).toEqual({ props: { lang: 'en' }, query: {}, problems: [] });
    // Without it the widget keeps its default, English.
    expect(checkAttributes({ k: '5' }, rules).props).not.toHaveProperty('lang');
  });

  it('refuses any other language with a sentence, like any bad attribute', () => {
    for (const bad of ['fr', 'zh-CN', 'ZH', '']) {
      const checked = checkAttributes({ lang: bad }, rules);
      expect(checked.props, bad).toEqual({});
      expect(checked.problems, bad).toEqual([`lang="${bad}" was ignored: must be en or zh; got ${bad.trim() || 'nothing'}.`]);
    }
  });

  it('names lang among the attributes every element accepts', () => {
    for (const entry of Object.values(embeds)) expect(Object.keys(rulesFor(entry))).toContain('lang');
    expect(checkAttributes({ colour: 'red' }, rules).problems).toEqual(['Unknown attribute colour; this element accepts k, outputs, backend, lang.']);
  });
});

/**
 * Checks an embedded widget's attributes before anything reaches the widget. A bad value is refused with
 * a sentence naming the attribute and the allowed values; the widget then starts from its default.
 * The lab's settings and the backend go through the same checks as a link's query (lab-settings.ts,
 * backend.ts), so an attribute and a URL can never disagree about what is allowed.
 */
import { parseBackendRequest } from '../lib/engine/backend.ts';
import { settingsFromQuery } from '../lib/widgets/lab-settings.ts';
import { languages } from '../lib/content/languages.ts';
import { echoed } from '../lib/i18n/echo.ts';

/** What one attribute becomes: a prop of the widget, or a query parameter the widget reads from the URL. */
export type Accepted = { prop: [string, unknown] } | { query: [string, string] };

/** Checks one attribute's text. */
export type AttributeRule = { describe: string; check: (text: string) => Accepted | { problem: string } };

/** The checked attributes of one element: props for the widget, query parameters, and refusals. */
export type CheckedAttributes = { props: Record<string, unknown>; query: Record<string, string>; problems: string[] };

/** A whole number in [min, max], passed to the widget as the prop `prop`. */
export function wholeProp(prop: string, min: number, max: number): AttributeRule {
  return {
    describe: `a whole number from ${min} to ${max}`,
    check(text) {
      const value = Number(text.trim());
      if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) return { problem: `must be a whole number from ${min} to ${max}; got ${echoed(text.trim()) || 'nothing'}.` };
      return { prop: [prop, value] };
    },
  };
}

/** A setting of the training lab, checked by the lab's own rules and passed in its link's query key. */
export function labSetting(queryKey: string, describe: string): AttributeRule {
  return {
    describe,
    check(text) {
      const { ignored } = settingsFromQuery(new URLSearchParams({ [queryKey]: text }).toString());
      return ignored.length > 0 ? { problem: ignored.join(' ') } : { query: [queryKey, text] };
    },
  };
}

/** The page engine's backend, checked by the engine's own parser. */
export const backendRule: AttributeRule = {
  describe: 'webgpu, webgl, wasm or cpu (the first element on a page decides for the page)',
  check(text) {
    const request = parseBackendRequest(new URLSearchParams({ backend: text }).toString());
    return request.warning || !request.preferred ? { problem: request.warning ?? 'must name a backend.' } : { query: ['backend', request.preferred] };
  },
};

/**
 * The language the widget speaks, one of the site's (en by default), passed as its `lang` prop. It is
 * also the element's HTML lang, so the browser and screen readers know what the text inside is in.
 */
export const langRule: AttributeRule = {
  describe: languages.join(' or '),
  check(text) {
    const value = text.trim();
    if (!(languages as readonly string[]).includes(value)) return { problem: `must be ${languages.join(' or ')}; got ${echoed(value) || 'nothing'}.` };
    return { prop: ['lang', value] };
  },
};

/** Attributes every element has in HTML; never reported as unknown (lang is, where a rule checks it). */
const GLOBAL_ATTRIBUTES = /^(id|class|style|title|lang|dir|hidden|slot|part|tabindex|role|translate|inert|data-.*|aria-.*)$/;

/**
 * Checks an element's attributes against its rules; unknown attributes are reported too. A refusal
 * repeats a long name or value only in part (echo.ts), so that it cannot widen the host page.
 */
export function checkAttributes(attributes: Record<string, string>, rules: Record<string, AttributeRule>): CheckedAttributes {
  const checked: CheckedAttributes = { props: {}, query: {}, problems: [] };
  for (const [name, text] of Object.entries(attributes)) {
    const rule = rules[name];
    if (!rule) {
      if (!GLOBAL_ATTRIBUTES.test(name)) checked.problems.push(`Unknown attribute ${echoed(name)}; this element accepts ${Object.keys(rules).join(', ')}.`);
      continue;
    }
    const result = rule.check(text);
    if ('problem' in result) checked.problems.push(`${name}="${echoed(text)}" was ignored: ${result.problem.replace(/^./, (c) => c.toLowerCase())}`);
    else if ('prop' in result) checked.props[result.prop[0]] = result.prop[1];
    else checked.query[result.query[0]] = result.query[1];
  }
  return checked;
}

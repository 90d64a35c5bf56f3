import type { Lang } from '../content/chapter-schema.ts';
import { parseEngineText, slotsOf, type EngineMessageId } from '../engine/messages.ts';
import { formatInteger } from './format.ts';
import { widgetStrings } from './widgets/index.ts';

/**
 * A message from the engine (a warning, a fallback reason, why training stopped, an error) in the
 * page's language. English pages get the engine's text unchanged. Elsewhere a message the engine made
 * (src/lib/engine/messages.ts) is said in the language, its values kept; any other text (from the
 * browser or TF.js) is shown as it is, after the language's lead-in when `unknownLeadIn` is true.
 */
export function engineMessage(lang: Lang, text: string, unknownLeadIn = true): string {
  if (lang === 'en') return text;
  const s = widgetStrings(lang).common.engine;
  const parsed = parseEngineText(text);
  if (!parsed) return unknownLeadIn ? s.unknown(text) : text;
  const { id, values } = parsed;
  // Values that are themselves engine messages, lists or words are said in the language too.
  const inner = (value: string) => engineMessage(lang, value, false);
  const whole = (value: string) => (/^\d+$/.test(value) ? formatInteger(lang, Number(value)) : value);
  const say: Partial<Record<string, (value: string) => string>> = {
    detail: inner,
    reason: inner,
    failures: (value) =>
      value
        .split(/; (?=\w+ \()/)
        .map((item) => {
          const match = /^(\w+) \((.*)\)$/s.exec(item);
          return match ? s.failure(match[1], inner(match[2])) : item;
        })
        .join(s.listSeparator),
    files: (value) => (parseEngineText(value)?.id === 'noFiles' ? s.noFiles : value.split(', ').join(s.comma)),
    valid: (value) => value.split(', ').join(s.comma),
    what: (value) => (value === 'loss' ? s.loss : value === 'gradient' ? s.gradient : value),
    step: whole,
    bytes: whole,
    needed: whole,
    count: whole,
  };
  const args = slotsOf(id).map((slot) => say[slot]?.(values[slot]) ?? values[slot]);
  const entry = s[id as EngineMessageId] as string | ((...a: string[]) => string);
  return typeof entry === 'string' ? entry : entry(...args);
}

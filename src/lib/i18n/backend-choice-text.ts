import type { Lang } from '../content/chapter-schema.ts';
import type { BackendChoice, Measured, Trial } from '../engine/backend-choice.ts';
import { formatInteger, formatNumber } from './format.ts';
import { widgetStrings } from './widgets/index.ts';

/** Why the engine runs where it runs, in the page's language: "3.1× faster than WebGPU here". */
export function choiceText(lang: Lang, choice: BackendChoice, backend: string): string {
  const s = widgetStrings(lang).backendBadge;
  switch (choice.reason) {
    case 'asked':
      // The address (?backend=) or an embedded element's attribute (backend="…"): the same setting.
      return s.asked(`backend=${choice.asked}`);
    case 'remembered':
      return s.remembered(measuredText(lang, choice.measured));
    case 'measuring':
      return s.measuring;
    case 'measured':
      return measuredText(lang, choice.measured);
    case 'next-visit':
      return s.nextVisit(s.names[choice.measured.backend], measuredText(lang, choice.measured));
    case 'unmeasured':
      return s.unmeasured;
  }
}

/** A speed ratio as the badge writes it: 3.1, but 12 rather than 12.0. */
function ratioText(lang: Lang, ratio: number): string {
  return formatNumber(lang, ratio, ratio < 10 ? 1 : 0);
}

/** The comparison that explains a measured winner. */
export function measuredText(lang: Lang, { versus }: Measured): string {
  const s = widgetStrings(lang).backendBadge;
  if (!versus) return s.only;
  const other = s.names[versus.backend];
  if (versus.ratio !== null) return versus.fallbackAdapter ? s.softwareSlower(other, ratioText(lang, versus.ratio)) : s.faster(ratioText(lang, versus.ratio), other);
  if (versus.failure === 'timeout') {
    const seconds = formatNumber(lang, (versus.budgetMs ?? 0) / 1000);
    return versus.fallbackAdapter ? s.softwareTimedOut(other, seconds) : s.timedOut(other, seconds);
  }
  return s.failed(other);
}

/** Every trial in one line: "wasm 41 · WebGPU 1,320 (software adapter) · WebGL out of time". */
export function trialsText(lang: Lang, trials: Trial[]): string {
  const s = widgetStrings(lang).backendBadge;
  const one = (t: Trial) => {
    const name = s.names[t.backend];
    if (t.msPerStep === null) return t.failure === 'timeout' ? s.trialTimeout(name) : s.trialFailed(name);
    const ms = formatInteger(lang, t.msPerStep);
    return t.fallbackAdapter ? s.trialSoftware(name, ms) : s.trialTime(name, ms);
  };
  return s.trials(trials.map(one).join(s.trialSeparator));
}

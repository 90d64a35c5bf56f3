/**
 * The page's engine as an embedded element starts it. The element starts the engine itself, before
 * its widget mounts, so that its `backend` attribute reaches the engine as a start-up option instead
 * of through the host page's address (which the element never touches), and so that it can tell when
 * the engine did not start: the element then says so inside itself and sets data-embed="error".
 * Imported lazily by EmbedHost, so a page whose elements need no engine loads none of it.
 */
import type { Lang } from '../lib/content/chapter-schema.ts';
import { EngineClient } from '../lib/engine/client.svelte.ts';
import { engineMessage } from '../lib/i18n/engine-messages.ts';
import { widgetStrings } from '../lib/i18n/widgets/index.ts';

/**
 * The page's one engine, on `backend` when the element names one (the first element to start the
 * engine decides for the page); otherwise it chooses as it does on the site. Throws where the page
 * cannot construct a Worker at all (a Content Security Policy without blob: in worker-src, say).
 */
export function startEmbedEngine(backend: string | undefined): EngineClient {
  return EngineClient.shared(backend === undefined ? '' : new URLSearchParams({ backend }).toString());
}

/** What a failed element says: to the reader in the widget's language, and to the page's author in English. */
export interface EmbedFailure {
  reader: string;
  author: string;
}

/**
 * Why the element could not start, from the engine's error or the exception: the reader's sentence
 * is the backend badge's, in `lang`; the author's names the site the element loads from, the header
 * it needs and the policy that may refuse the Worker, since a Worker refused by a Content Security
 * Policy, a 404 and a CORS refusal all look alike from here.
 */
export function embedFailure(lang: Lang, error: string, siteBase: string): EmbedFailure {
  return {
    reader: widgetStrings(lang).backendBadge.couldNotStart(engineMessage(lang, error, false)),
    author:
      `This element could not start its engine (${error}). It loads its Worker, data and models from ${siteBase}embed/, ` +
      `${siteBase}data/ and ${siteBase}models/: check that they load from this page, sent with Access-Control-Allow-Origin, ` +
      // A module Worker's imports are checked against worker-src too, so blob: alone is not enough.
      `and that this page's Content Security Policy, if it has one, allows Workers from blob: and the site ` +
      `(worker-src blob: ${new URL(siteBase).origin}), its scripts (script-src ${new URL(siteBase).origin} 'wasm-unsafe-eval') ` +
      `and its files (connect-src ${new URL(siteBase).origin}).`,
  };
}

/**
 * The embed script, served as /embed/widgets.js: one <script type="module"> registers a custom element for
 * every widget in the registry. Each widget's code loads only when its element is on the page.
 */
import EmbedHost from './EmbedHost.svelte';
import { embeds, tagFor } from './registry.ts';

/** The custom-element class Svelte compiled from EmbedHost (a component compiled with customElement has one). */
const HostElement = (EmbedHost as unknown as { element: CustomElementConstructor }).element;

// Widgets fetch checkpoints from `import.meta.env.BASE_URL`, which this bundle reads from here: the site's
// root, found from this script's own address (it is served at <site>/embed/widgets.js).
(globalThis as { __vqEmbedBase?: string }).__vqEmbedBase ??= import.meta.url.replace(/[^/]+\/[^/?#]+([?#].*)?$/, '');

for (const slug of Object.keys(embeds)) {
  const tag = tagFor(slug);
  // One class per tag: the registry refuses a constructor defined twice.
  if (!customElements.get(tag)) customElements.define(tag, class extends HostElement {});
}

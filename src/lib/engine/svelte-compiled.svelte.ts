/**
 * Imported first by the engine's entry (index.ts): the engine's page-side classes hold Svelte 5 runes
 * (`$state`), which only Svelte's compiler turns into code. Without it they would fail later, at the first
 * `new`, with "$state is not defined"; this fails at import instead, saying what to add.
 */
function compiledBySvelte(): boolean {
  try {
    const compiled = $state(true);
    return compiled;
  } catch {
    return false;
  }
}

if (!compiledBySvelte()) {
  throw new Error(
    'vq engine: its client classes use Svelte 5 runes, and this bundler did not compile them. ' +
      'Add the Svelte plugin (Vite: `import { svelte } from "@sveltejs/vite-plugin-svelte"`, plugins: [svelte()]), ' +
      'or embed a widget instead (<script type="module" src="https://<site>/embed/widgets.js">), which needs no build.',
  );
}

/** True once this module has loaded, which it does only when Svelte compiled it. */
export const svelteCompiled = true;

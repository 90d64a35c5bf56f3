/**
 * Builds the embed script (src/embed/widgets.ts) with Vite, in memory, for the route that serves it
 * (src/pages/embed/[...file].ts). It is a separate build from the site's because its Svelte components
 * are compiled differently: EmbedHost as a custom element, and every component with its CSS injected, so
 * the styles land inside the element's shadow root instead of in a page stylesheet.
 */
import { resolve } from 'node:path';

/** One file of the built embed, by its path under /embed/. */
export type EmbedFile = { path: string; body: string | Uint8Array };

let built: Promise<EmbedFile[]> | null = null;

/** The embed's files: widgets.js, its chunks, the engine Worker and the wasm binaries. Built once per process. */
export function buildEmbed(root: string = process.cwd()): Promise<EmbedFile[]> {
  built ??= run(root);
  return built;
}

async function run(root: string): Promise<EmbedFile[]> {
  const { build } = await import('vite');
  const { svelte } = await import('@sveltejs/vite-plugin-svelte');
  /**
   * Widgets read checkpoints from BASE_URL; in the embed it is the site's root as an absolute URL, found
   * at run time: on the page, from widgets.js's own address (see widgets.ts); in a Worker, which has no
   * such global, from the module's own address two folders down (every chunk but widgets.js lives in
   * chunks/ or assets/). Absolute, because a Worker an embed starts through a blob cannot resolve '/'.
   * (String() keeps Vite from reading `new URL('../..', import.meta.url)` as an asset to bundle.)
   */
  const baseFromScript = {
    name: 'vq-embed-base-url',
    enforce: 'pre' as const,
    transform(code: string) {
      if (!code.includes('import.meta.env.BASE_URL')) return null;
      return { code: code.replaceAll('import.meta.env.BASE_URL', '(globalThis.__vqEmbedBase ?? new URL("../..", String(import.meta.url)).href)'), map: null };
    },
  };
  const output = await build({
    configFile: false,
    root,
    base: './',
    logLevel: 'warn',
    mode: 'production',
    plugins: [
      svelte({
        configFile: false,
        // The site's own build reports the widgets' warnings; this one would only repeat them.
        onwarn: () => {},
        compilerOptions: { css: 'injected' },
        dynamicCompileOptions: ({ filename }) => (filename.endsWith('/src/embed/EmbedHost.svelte') ? { customElement: true } : undefined),
      }),
      baseFromScript,
    ],
    // The Workers' own bundles get the base too: there Vite's BASE_URL would be './', the chunk's folder.
    worker: { format: 'es', plugins: () => [baseFromScript] },
    build: {
      write: false,
      outDir: resolve(root, 'node_modules/.vq-embed'),
      emptyOutDir: false,
      modulePreload: false,
      // Browsers with light-dark(), so the colours stay native and follow the color-scheme the element
      // inherits from the embedding page (a transpiled light-dark() follows only the OS setting).
      cssTarget: ['chrome123', 'edge123', 'firefox120', 'safari17.5'],
      copyPublicDir: false,
      reportCompressedSize: false,
      rollupOptions: {
        input: resolve(root, 'src/embed/widgets.ts'),
        output: {
          entryFileNames: 'widgets.js',
          chunkFileNames: 'chunks/[name]-[hash].js',
          assetFileNames: 'assets/[name]-[hash][extname]',
        },
      },
    },
  });
  const results = Array.isArray(output) ? output : [output];
  const files: EmbedFile[] = [];
  for (const result of results) {
    if (!('output' in result)) throw new Error('embed build: Vite returned a watcher, not a bundle');
    for (const item of result.output) files.push({ path: item.fileName, body: item.type === 'chunk' ? item.code : item.source });
  }
  return files;
}

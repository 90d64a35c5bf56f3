// Builds the bench page into dist-bench/ (gitignored by dist-*/), apart from the site, so the site ships
// nothing extra. The model and engine modules are the site's own files, resolved as Astro's Vite resolves
// them: `#tfjs-gradients` through package.json "imports" (the browser's "default" condition) and wasm
// binaries as `?url` assets.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist-bench', import.meta.url)),
    emptyOutDir: true,
    // Readable stacks in the JSON when something fails; size does not matter here.
    minify: false,
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 10_000,
  },
  worker: { format: 'es' },
});

// Builds the model page into dist-model-page/ (gitignored by dist-*/), resolving the model module as the
// site's Vite does: `#tfjs-gradients` through package.json "imports", wasm binaries as `?url` assets.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist-model-page', import.meta.url)),
    emptyOutDir: true,
    minify: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 10_000,
  },
});

// Builds the WebGPU kernel check page into dist-webgpu-kernels/ (gitignored by dist-*/), apart from the
// site, so the site ships nothing extra. Module files resolve as Astro's Vite resolves them.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../../dist-webgpu-kernels', import.meta.url)),
    emptyOutDir: true,
    minify: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 10_000,
  },
});

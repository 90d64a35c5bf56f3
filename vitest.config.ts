import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Unit tests run the model's sources, never a stale build of them; the package's build has its own tests (scripts/test-package.ts).
  resolve: { alias: { '@vq-vae-live/vq': fileURLToPath(new URL('src/lib/vq/index.ts', import.meta.url)) } },
  // Compiles runes in .svelte.ts modules, so state classes such as the lab controller can be tested here.
  plugins: [svelte({ configFile: false })],
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // Model tests train real networks on two shared cores; the defaults are too impatient.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
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

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // Model tests train real networks on two shared cores; the defaults are too impatient.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

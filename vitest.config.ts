import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Building PDFs parses an 8 MB font; a cold worker on a 2-core machine needs a few seconds.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A fresh OCR cache per run (never the user's).
    globalSetup: ['test/cache-dir.setup.ts'],
    // Media tests spawn ffmpeg and OCR workers: two cores, so keep files in parallel but few.
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});

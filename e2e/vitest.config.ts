import { defineConfig } from 'vitest/config';

// Browser tests in Debian's Chromium against the real server (embedded PostgreSQL, demo city).
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});

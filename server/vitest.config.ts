import { defineConfig } from 'vitest/config';

// Server tests run against real PostgreSQL: embedded by default, or DATABASE_URL's server.
// The global setup migrates and seeds one template database; each test file clones it.
export default defineConfig({
  test: {
    globalSetup: ['./src/test/global-setup.ts'],
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});

import { defineConfig } from 'vitest/config';

/** End-to-end tests: real Chromium, real IndexedDB, real workers, against the built app. */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/e2e/global-setup.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});

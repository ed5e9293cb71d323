import { defineConfig } from 'vitest/config';
import { watPlugin } from './scripts/lib/wat.ts';

export default defineConfig({
  plugins: [watPlugin()],
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

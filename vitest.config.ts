import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Workspace packages are used from source in tests (see the "tidepool-source" export condition).
    conditions: ['tidepool-source'],
  },
  ssr: {
    resolve: {
      conditions: ['tidepool-source'],
    },
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '.data/**', '.tmp/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});

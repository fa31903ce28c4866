import { defineConfig } from 'vitest/config';

// One vitest run covers every project: the embedded database's conformance tests,
// the server's integration tests and the browser end-to-end tests.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});

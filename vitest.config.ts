import { defineConfig } from 'vitest/config';

// One vitest run covers every project: the embedded database's conformance tests, the server's integration
// tests and the browser end-to-end tests. The JSON report feeds CI's closing line (.ci/run).
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default', ['json', { outputFile: '.tmp/vitest-report.json' }]],
  },
});

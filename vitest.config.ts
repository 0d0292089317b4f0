import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The example's run that several files only read is built once, by the first that asks (tests/e2e/example-run.ts).
    globalSetup: ['tests/global-setup.ts'],
    // Each test file runs in its own process: the local runner sets a Lambda's environment per invocation.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

import { defineConfig } from 'vitest/config';

/**
 * The unit tests of the core alone (tests/core), for mutation testing (stryker.config.json, npm run mutation): no
 * DynamoDB Local, no browser, no end-to-end run. Templates' test reads the repository's files, not the core's
 * behaviour, and is left out.
 */
export default defineConfig({
  test: {
    include: ['tests/core/**/*.test.ts'],
    exclude: ['tests/core/templates.test.ts'],
    pool: 'threads',
    testTimeout: 30_000,
  },
});

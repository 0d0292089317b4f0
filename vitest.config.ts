import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { LongestFirst } from './tests/longest-first';
import { testScratchDir } from './tests/scratch-dir';

// Every test, and every process one starts, writes in a folder of this run's, in memory where the machine has room
// (tests/scratch-dir.ts); the global setup removes it at the end.
process.env.TMPDIR = testScratchDir();

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The example's run that several files only read is built once, by the first that asks (tests/e2e/example-run.ts).
    globalSetup: ['tests/global-setup.ts'],
    // Each test file runs in its own process: the local runner sets a Lambda's environment per invocation.
    pool: 'forks',
    // Two files at once even on two cores (vitest's default there is one): most of an end-to-end file's time is
    // DynamoDB Local's Java and waits, so the two overlap (measured: 784 s against 920 s for the whole suite).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // The longest files first, whatever vitest has cached (tests/longest-first.ts).
    sequence: { sequencer: LongestFirst },
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});

/**
 * Once per `npm test`: a folder for the runs that several test files only read (tests/e2e/example-run.ts builds the
 * example's there the first time a file asks for it, so a run of only the unit tests builds nothing), removed at the
 * end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the shared runs are built, once each, for every test file of this `npm test`. */
    sharedRunsDir: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'sic-shared-runs-'));
  project.provide('sharedRunsDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}

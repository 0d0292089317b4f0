/**
 * The order vitest starts the test files in: the longest first, so that neither of CI's two workers is left running
 * a long file alone at the end. Vitest orders by the durations it cached on an earlier run, and without them (a fresh
 * clone, as CI's) by file size, which started the kill test (148 s) at 348 s of a 546 s run. The files' times in CI
 * at 07ec139, in seconds: kills 161, consistency 92, faults 78, bundles 64, cli 52, the ECB's limit 47, browser 47,
 * docs 38, store lock 38, cleanup 35, warning notices 29, personal data 24, DynamoDB Local 17, AAG timeline 12, real
 * files 11, SES account 10, cycle 8, stack 8; the rest, most under a second, fill the gaps after them. The kill test
 * builds the example's shared run (which it and the consistency, browser and ECB's-limit tests read) while the fault
 * tests, which need none, run beside it.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { REPOSITORY_ROOT } from '../local/repository';

export const LONGEST_FIRST = [
  'tests/local/kills.test.ts',
  'tests/e2e/faults.test.ts',
  'tests/e2e/consistency.test.ts',
  'tests/infrastructure/bundles.test.ts',
  'tests/local/cli.test.ts',
  'tests/e2e/ecb-limit.test.ts',
  'tests/browser/report.test.ts',
  'tests/local/docs.test.ts',
  'tests/local/store-lock.test.ts',
  'tests/local/cleanup.test.ts',
  'tests/e2e/warning-notices.test.ts',
  'tests/local/personal-data.test.ts',
  'tests/local/dynamodb-local.test.ts',
  'tests/e2e/aag-timeline.test.ts',
  'tests/realdata/real-files.test.ts',
  'tests/e2e/ses-account.test.ts',
  'tests/e2e/cycle.test.ts',
  'tests/infrastructure/stack.test.ts',
];

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = LONGEST_FIRST.indexOf(relative(REPOSITORY_ROOT, file.moduleId));
      return at < 0 ? LONGEST_FIRST.length : at;
    };
    // The rest keep vitest's own order (Array.prototype.sort is stable).
    return [...(await super.sort(files))].sort((a, b) => rank(a) - rank(b));
  }
}

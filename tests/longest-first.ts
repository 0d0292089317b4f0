/**
 * The order vitest starts the test files in: the longest first, so that neither of CI's two workers is left running
 * a long file alone at the end. Vitest orders by the durations it cached on an earlier run, and without them (a fresh
 * clone, as CI's) by file size, which started the kill test (148 s) at 348 s of a 546 s run. These files' times in CI
 * at 1a1e75b: kills 148 s, faults 74, consistency 92, bundles 60, docs 56, cli 56, browser 50, the ECB's limit 47,
 * store lock 44, cleanup 42; every other file under 30 s. The kill test builds the example's shared run (which it,
 * the consistency, browser and ECB's-limit tests read) while the fault tests, which need none, run beside it.
 */
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { REPOSITORY_ROOT } from '../local/repository';

const LONGEST_FIRST = [
  'tests/local/kills.test.ts',
  'tests/e2e/faults.test.ts',
  'tests/e2e/consistency.test.ts',
  'tests/infrastructure/bundles.test.ts',
  'tests/local/docs.test.ts',
  'tests/local/cli.test.ts',
  'tests/browser/report.test.ts',
  'tests/e2e/ecb-limit.test.ts',
  'tests/local/store-lock.test.ts',
  'tests/local/cleanup.test.ts',
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

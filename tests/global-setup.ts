/**
 * Once per `npm test`: a folder for the runs that several test files only read (tests/e2e/example-run.ts builds the
 * example's there the first time a file asks for it, so a run of only the unit tests builds nothing), removed at the
 * end; and, when a test file of the run uses it, one DynamoDB Local, in memory, that keeps a database per access key,
 * for every run that keeps no store (tests/e2e/shared-dynamodb.ts gives each a database of its own), so that each
 * does not boot a Java of its own.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import type { LaunchedDynamoDb } from '../local/services';
import { SCRATCH_PREFIX } from './scratch-dir';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the shared runs are built, once each, for every test file of this `npm test`. */
    sharedRunsDir: string;
    /**
     * The endpoint of the DynamoDB Local the runs that keep no store share (a database per access key), or why there
     * is none (no Java: the files that need it fail, saying so).
     */
    sharedDynamoDb: { endpoint: string } | { missing: string };
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'sic-shared-runs-'));
  project.provide('sharedRunsDir', dir);
  // Only for a run with a file that uses it (tests/e2e/shared-dynamodb.ts): a run of unit tests starts no Java. (The
  // files named on the command line: vitest keeps them as filenamePattern, which its types do not show. Without it,
  // every file counts, and DynamoDB Local starts.)
  const named = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  const { testFiles } = await project.globTestFiles(named);
  const wanted = testFiles.some((file) => readFileSync(file, 'utf8').includes('shared-dynamodb'));
  let dynamoDb: LaunchedDynamoDb | undefined;
  if (!wanted) project.provide('sharedDynamoDb', { missing: 'no test file of this run uses it' });
  else {
    try {
      // Loaded only now: loading it (and the AWS SDK it brings) took a run of one unit-test file from 1.5 s to 4 s.
      const { checkJava, freePort, launchDynamoDbLocal } = await import('../local/services');
      checkJava();
      // Launched, not awaited: Java boots while the first files load; a file waits for it only when it starts a run.
      dynamoDb = await launchDynamoDbLocal(await freePort(), undefined, { databasePerAccessKey: true });
      project.provide('sharedDynamoDb', { endpoint: dynamoDb.endpoint });
    } catch (error) {
      project.provide('sharedDynamoDb', { missing: (error as Error).message });
    }
  }
  return async () => {
    await dynamoDb?.stop();
    // The folder every test wrote in (vitest.config.ts, tests/scratch-dir.ts; in memory where the machine has room),
    // which holds the shared runs' folder too.
    rmSync(basename(tmpdir()).startsWith(SCRATCH_PREFIX) ? tmpdir() : dir, { recursive: true, force: true });
  };
}

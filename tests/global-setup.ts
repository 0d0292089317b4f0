/**
 * Once per `npm test`: a folder for the runs that several test files only read (tests/e2e/example-run.ts builds the
 * example's there the first time a file asks for it, so a run of only the unit tests builds nothing), removed at the
 * end; and one DynamoDB Local, in memory, that keeps a database per access key, for every run that keeps no store
 * (tests/e2e/shared-dynamodb.ts gives each a database of its own), so that each does not boot a Java of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { checkJava, freePort, type LaunchedDynamoDb, launchDynamoDbLocal } from '../local/services';
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
  let dynamoDb: LaunchedDynamoDb | undefined;
  try {
    checkJava();
    // Launched, not awaited: Java boots while the first files load; a file waits for it only when it starts a run.
    dynamoDb = await launchDynamoDbLocal(await freePort(), undefined, { databasePerAccessKey: true });
    project.provide('sharedDynamoDb', { endpoint: dynamoDb.endpoint });
  } catch (error) {
    project.provide('sharedDynamoDb', { missing: (error as Error).message });
  }
  return async () => {
    await dynamoDb?.stop();
    rmSync(dir, { recursive: true, force: true });
    // The folder every test wrote in (vitest.config.ts, tests/scratch-dir.ts), in memory where the machine has room.
    if (basename(tmpdir()).startsWith(SCRATCH_PREFIX)) rmSync(tmpdir(), { recursive: true, force: true });
  };
}

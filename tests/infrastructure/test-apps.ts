/**
 * The stack tests' CDK apps. An App given no outdir synthesizes into a new cdk.out folder in the system's temp
 * folder and leaves it there (about 1 MB each, a dozen each test run); each app here synthesizes into its own
 * folder, which `removeTestApps` (the test file's afterAll) deletes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';

const outdirs: string[] = [];

export function testApp(context: Record<string, unknown>): App {
  const outdir = mkdtempSync(join(tmpdir(), 'sic-stack-test-'));
  outdirs.push(outdir);
  return new App({ outdir, context });
}

export function removeTestApps(): void {
  for (const outdir of outdirs.splice(0)) rmSync(outdir, { recursive: true, force: true });
}

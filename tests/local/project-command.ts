/** A command of the project's (a local/*-cli.ts or a script of scripts/), run as `npm run` runs it. */
import { type ChildProcessWithoutNullStreams, type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from '../../local/repository';

/** Runs `file` (relative to the repository) with `args` as `node --import tsx`, in the repository, to its end. */
export function runProjectCommand(file: string, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, ['--import', 'tsx', join(REPOSITORY_ROOT, file), ...args], {
    cwd: REPOSITORY_ROOT,
    encoding: 'utf8',
    timeout: 50_000,
  });
}

/**
 * Starts `file` (relative to the repository) with `args` as `node --import tsx`, in the repository, and gathers what
 * it writes to its standard output and error, for a test that watches it run, signals it or kills it.
 */
export function startProjectCommand(
  file: string,
  ...args: string[]
): { child: ChildProcessWithoutNullStreams; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPOSITORY_ROOT, file), ...args], {
    cwd: REPOSITORY_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end();
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

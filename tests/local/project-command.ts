/** A command of the project's (a local/*-cli.ts or a script of scripts/), run as `npm run` runs it. */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
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

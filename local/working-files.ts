/**
 * The local stand-in for the bucket's lifecycle rule on `batches/`: the working files a run writes for its batches
 * (data intake's records, a file a batch) are read only by the store's Map, retries included, minutes later; on AWS
 * the bucket keeps them a week, to look into after a failure, and then expires them. Locally a run's own are
 * removed as it ends (a rerun of the term writes its own), and any left by a run killed before it could remove
 * them go once they are a week old, as on AWS.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WORKING_COPY_DAYS } from '../lib/config';

/** Files under a folder, at any depth; with `counted`, only those whose names it accepts. */
export function filesUnder(dir: string, counted: (name: string) => boolean = () => true): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (n, entry) => n + (entry.isDirectory() ? filesUnder(join(dir, entry.name), counted) : counted(entry.name) ? 1 : 0),
    0,
  );
}

/**
 * Removes the working files of `term`'s run `run` under `root` (`<root>/<term>/<run>/`), and every other run's
 * folder, of any term, last written more than a week before `now`. Returns how many files the run had written.
 * Without `run` (a run that ended before data intake said when it started), only the week-old ones go.
 */
export function expireWorkingFiles(root: string, term: string, run: string | undefined, now: Date): number {
  const own = run === undefined ? undefined : join(root, term, run);
  const written = own === undefined ? 0 : filesUnder(own);
  if (own !== undefined) rmSync(own, { recursive: true, force: true });
  const weekAgo = now.getTime() - WORKING_COPY_DAYS * 24 * 3600 * 1000;
  for (const termDir of existsSync(root) ? readdirSync(root, { withFileTypes: true }) : []) {
    if (!termDir.isDirectory()) continue;
    for (const runDir of readdirSync(join(root, termDir.name), { withFileTypes: true })) {
      const path = join(root, termDir.name, runDir.name);
      if (runDir.isDirectory() && statSync(path).mtimeMs < weekAgo) rmSync(path, { recursive: true, force: true });
    }
  }
  return written;
}

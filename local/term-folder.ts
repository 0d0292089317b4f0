/** Reading a term's input files from a folder, for the commands that work on files without running the cycle. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { compareTerms, isTermId } from '../functions/core/term';

export interface TermFolder {
  dir: string;
  term?: string;
  names: string[];
  files: Map<string, Uint8Array>;
}

/** The term folders (2026-autumn/, ...) in `dir`, in time order. */
export function termFolders(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => isTermId(n) && statSync(join(dir, n)).isDirectory())
    .sort(compareTerms);
}

/** Where a term's files are: `<dir>/<term>/` if there is such a folder, else `dir` itself. */
export function termDirectory(dir: string, term: string): string {
  const nested = join(dir, term);
  return existsSync(nested) && statSync(nested).isDirectory() ? nested : dir;
}

/** `dir` holds the term's files, or one folder per term (the latest is taken unless `term` is given). */
export function readTermFolder(dir: string, term?: string): TermFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir}: no such folder`);
  const chosen = term ?? (isTermId(basename(dir)) ? basename(dir) : termFolders(dir).at(-1));
  const folder = chosen ? termDirectory(dir, chosen) : dir;
  const names = readdirSync(folder)
    .filter((n) => statSync(join(folder, n)).isFile())
    .sort();
  return {
    dir: folder,
    term: chosen,
    names,
    files: new Map(names.map((n) => [n, new Uint8Array(readFileSync(join(folder, n)))])),
  };
}

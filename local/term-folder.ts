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

/** `dir` holds the term's files, or one folder per term (the latest is taken unless `term` is given). */
export function readTermFolder(dir: string, term?: string): TermFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`${dir}: no such folder`);
  let folder = dir;
  let chosen = term ?? (isTermId(basename(dir)) ? basename(dir) : undefined);
  const terms = readdirSync(dir).filter((n) => isTermId(n) && statSync(join(dir, n)).isDirectory()).sort(compareTerms);
  if (chosen && terms.includes(chosen)) folder = join(dir, chosen);
  else if (!chosen && terms.length > 0) {
    chosen = terms.at(-1)!;
    folder = join(dir, chosen);
  }
  const names = readdirSync(folder).filter((n) => statSync(join(folder, n)).isFile() && !n.startsWith('.'));
  return { dir: folder, term: chosen, names, files: new Map(names.map((n) => [n, new Uint8Array(readFileSync(join(folder, n)))])) };
}

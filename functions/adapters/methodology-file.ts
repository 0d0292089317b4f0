/**
 * The methodology in force: the file named by METHODOLOGY_FILE (from cdk.json's `methodology`), relative to the
 * function's root. The stack copies methodologies/ into every function bundle; locally the repository is the root.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { type Methodology, parseMethodology } from '../core/assessment/methodology';

export const DEFAULT_METHODOLOGY_FILE = 'methodologies/default.yaml';
const cache = new Map<string, Methodology>();

export function methodologyPath(env: NodeJS.ProcessEnv = process.env): string {
  const file = env.METHODOLOGY_FILE || DEFAULT_METHODOLOGY_FILE;
  return isAbsolute(file) ? file : join(env.LAMBDA_TASK_ROOT ?? process.cwd(), file);
}

export function loadMethodologyFile(path: string): Methodology {
  let methodology = cache.get(path);
  if (!methodology) {
    methodology = parseMethodology(readFileSync(path, 'utf8'), path);
    cache.set(path, methodology);
  }
  return methodology;
}

export function loadMethodology(env: NodeJS.ProcessEnv = process.env): Methodology {
  return loadMethodologyFile(methodologyPath(env));
}

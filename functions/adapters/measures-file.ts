/**
 * The ECB's measures of success: the file named by MEASURES_FILE (from cdk.json's `measures`), relative to the
 * function's root. The stack copies measures/ into the bundles of the stages that read it; locally the repository
 * is the root.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { type MeasuresFile, parseMeasuresFile } from '../core/measures/measures';

export const DEFAULT_MEASURES_FILE = 'measures/default.yaml';
const cache = new Map<string, MeasuresFile>();

export function loadMeasures(env: NodeJS.ProcessEnv = process.env): MeasuresFile {
  const file = env.MEASURES_FILE || DEFAULT_MEASURES_FILE;
  const path = isAbsolute(file) ? file : join(env.LAMBDA_TASK_ROOT ?? process.cwd(), file);
  let measures = cache.get(path);
  if (!measures) {
    measures = parseMeasuresFile(readFileSync(path, 'utf8'), path);
    cache.set(path, measures);
  }
  return measures;
}

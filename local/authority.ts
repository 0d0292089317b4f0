/**
 * Which authority a local command runs for. cdk.json's context is the default (the example authority); an
 * authority's own settings file (`--authority <file>`, JSON or YAML with any of cdk.json's keys) and `--la <code>`
 * override it, so a newcomer runs their own LA's files without editing code or context. With `--la` and no
 * name of its own, the authority is named as its register names it (GIAS's `LA (name)`).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PERFORMANCE_SOURCES, type PerformanceSource, recogniseFiles, registerSheet } from '../functions/core/intake';
import { readRows, readSheet } from '../functions/core/sheets';
import { normaliseAcademicYear } from '../functions/core/term';
import { CONTEXT_KEY, type CycleConfig, cycleConfigSchema, LOCAL_STAGE, withStageDefaults } from '../lib/config';
import { UsageError } from './args';
import { REPOSITORY_ROOT } from './repository';
import { cdkJsonContext } from './template';
import { termFolders } from './term-folder';

export interface AuthorityChoice {
  /** `--la`: a three-digit LA code. */
  readonly la?: string;
  /** `--authority`: a settings file. */
  readonly authorityFile?: string;
  /** Where the term's files are, to find the authority's name in the register. */
  readonly dataDir?: string;
}

/**
 * The authority's name in the first register found under `dataDir` (a term folder, or a folder of them): found as
 * intake finds it, by its name or, under GIAS's own name for the download, by its columns.
 */
export function authorityNameInRegister(dataDir: string, laCode: string): string | undefined {
  const folders =
    existsSync(dataDir) && statSync(dataDir).isDirectory()
      ? [dataDir, ...termFolders(dataDir).map((t) => join(dataDir, t))]
      : [];
  for (const folder of folders) {
    const names = readdirSync(folder).filter((n) => statSync(join(folder, n)).isFile());
    const file = recogniseFiles(
      new Map(names.map((n) => [n, new Uint8Array(readFileSync(join(folder, n)))])),
    ).bySheet.get(registerSheet.name)?.[0]?.file;
    if (!file) continue;
    try {
      const result = readSheet(
        registerSheet,
        file,
        readRows(file, new Uint8Array(readFileSync(join(folder, file))), registerSheet),
        { keep: (cells) => cells.laCode === laCode && cells.laName !== '' },
      );
      const name = result.accepted.find((r) => r.value.laName)?.value.laName;
      if (name) return name;
    } catch {
      // an unreadable register is reported by intake itself
    }
  }
  return undefined;
}

/** The authority's settings: cdk.json, then the settings file, then `--la`. */
export function chooseAuthority(choice: AuthorityChoice): CycleConfig {
  const base = cdkJsonContext(REPOSITORY_ROOT)[CONTEXT_KEY] as Record<string, unknown>;
  let own: Record<string, unknown> = {};
  if (choice.authorityFile) {
    try {
      own = (parseYaml(readFileSync(choice.authorityFile, 'utf8')) ?? {}) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`--authority ${choice.authorityFile}: ${(error as Error).message}`);
    }
    if (typeof own !== 'object' || Array.isArray(own))
      throw new UsageError(
        `--authority ${choice.authorityFile}: expected settings such as laCode: "383" and authorityName: Leeds City Council`,
      );
  }
  const merged: Record<string, unknown> = { ...base, ...own };
  if (choice.la) {
    merged.laCode = choice.la;
    if (!own.authorityName)
      merged.authorityName =
        (choice.dataDir && authorityNameInRegister(choice.dataDir, choice.la)) ?? `LA ${choice.la}`;
  }
  const parsed = cycleConfigSchema.safeParse(merged);
  if (!parsed.success)
    throw new UsageError(
      `the authority's settings are not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  try {
    return withStageDefaults(parsed.data, LOCAL_STAGE);
  } catch (error) {
    throw new UsageError(`the authority's settings are not valid: ${(error as Error).message}`);
  }
}

/**
 * `--year`, repeated: `ks2=2024/25` for one source, or `2024/25` for every performance file that says no year
 * of its own.
 */
export function performanceYears(values: readonly string[]): Partial<Record<PerformanceSource, string>> {
  const years: Partial<Record<PerformanceSource, string>> = {};
  for (const value of values) {
    const [left, right] = value.includes('=') ? value.split('=', 2) : [undefined, value];
    const year = normaliseAcademicYear(right ?? '');
    if (!year) throw new UsageError(`--year ${value}: expected an academic year such as 2024/25, or ks2=2024/25`);
    const sources = left === undefined ? PERFORMANCE_SOURCES : [left.trim().toLowerCase()];
    for (const source of sources) {
      if (!(PERFORMANCE_SOURCES as readonly string[]).includes(source))
        throw new UsageError(`--year ${value}: '${source}' is not one of ${PERFORMANCE_SOURCES.join(', ')}`);
      years[source as PerformanceSource] = year;
    }
  }
  return years;
}

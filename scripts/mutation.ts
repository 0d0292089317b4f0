/**
 * npm run mutation [-- --files <glob>[,<glob>...]] [--changed <rev>] [--full] [--report-only]
 *
 * Mutation testing of the core (functions/core/**) by its unit tests (tests/core), with Stryker: the vitest runner,
 * the TypeScript checker (a mutant that does not compile is not counted), incremental (only the mutants whose code or
 * tests changed since the last run are run again; .stryker/incremental.json). It prints each file's score, the files
 * under their aim (85%, and 90% for categorisation, letters and brokering), and how long it took. `--files` mutates
 * those files only; `--changed <rev>` the core's source files changed since <rev> (what CI runs: a change of tests
 * alone mutates nothing there); `--full` forgets the last run and runs every mutant again. It exits 2 where a file is
 * under its aim, unless `--report-only`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { scriptOptions } from '../local/args';
import { REPOSITORY_ROOT } from '../local/repository';

const USAGE = `Usage: npm run mutation [-- --files <glob>[,<glob>...]] [--changed <rev>] [--full] [--report-only]
  --files        mutate only these files (globs, comma-separated; default every file of functions/core)
  --changed      mutate only the core's source files changed since this git revision (CI: the commit before)
  --full         run every mutant again, not only those whose code or tests changed since the last run
  --report-only  print the scores, and exit 0 even where a file is under its aim`;
const args = scriptOptions(
  {
    files: { type: 'string' },
    changed: { type: 'string' },
    full: { type: 'boolean' },
    'report-only': { type: 'boolean' },
  },
  USAGE,
);

/** The aim for each file: 90% where a wrong answer costs most (categorisation, letters, brokering), else 85%. */
export const MUTATION_AIMS: { file: RegExp; aim: number }[] = [
  { file: /functions\/core\/(assessment\/categorisation|letters\/letters|support\/brokering)\.ts$/, aim: 90 },
  { file: /functions\/core\//, aim: 85 },
];
const aimOf = (file: string) => MUTATION_AIMS.find((a) => a.file.test(file))?.aim ?? 85;

interface Report {
  files: Record<string, { mutants: { status: string }[] }>;
}

function mutateList(): string[] | undefined {
  if (args.files) return args.files.split(',').map((f) => f.trim());
  if (args.changed) {
    return execFileSync('git', ['diff', '--name-only', args.changed, '--', 'functions/core'], {
      cwd: REPOSITORY_ROOT,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((f) => f.endsWith('.ts') && existsSync(join(REPOSITORY_ROOT, f)));
  }
  return undefined;
}

function main(): number {
  const mutate = mutateList();
  if (mutate && mutate.length === 0) {
    console.log('No file of the core changed: nothing to mutate.');
    return 0;
  }
  if (args.full) rmSync(join(REPOSITORY_ROOT, '.stryker', 'incremental.json'), { force: true });
  const started = Date.now();
  const run = spawnSync(
    join(REPOSITORY_ROOT, 'node_modules', '.bin', 'stryker'),
    ['run', 'stryker.config.json', ...(mutate ? ['--mutate', mutate.join(',')] : [])],
    { cwd: REPOSITORY_ROOT, stdio: 'inherit' },
  );
  if (run.status !== 0) {
    console.error(`Stryker stopped (exit ${run.status}): see its output above.`);
    return 1;
  }
  const seconds = (Date.now() - started) / 1000;
  const report = JSON.parse(readFileSync(join(REPOSITORY_ROOT, '.stryker', 'mutation.json'), 'utf8')) as Report;
  const rows = Object.entries(report.files)
    .map(([file, { mutants }]) => {
      const count = (...statuses: string[]) => mutants.filter((m) => statuses.includes(m.status)).length;
      const detected = count('Killed', 'Timeout');
      const valid = detected + count('Survived', 'NoCoverage');
      return {
        file,
        score: valid === 0 ? 100 : (100 * detected) / valid,
        survived: count('Survived'),
        noCoverage: count('NoCoverage'),
        valid,
      };
    })
    .filter((r) => r.valid > 0)
    .sort((a, b) => a.score - b.score);
  const under = rows.filter((r) => r.score < aimOf(r.file));
  console.log('\nMutation score by file (killed or timed out, of the mutants that compile):');
  for (const r of rows)
    console.log(
      `  ${r.score.toFixed(1).padStart(5)}%  ${r.file}  (${r.valid} mutants; ${r.survived} survived, ${r.noCoverage} not run by any test; aim ${aimOf(r.file)}%)`,
    );
  const all = rows.reduce((n, r) => n + r.valid, 0);
  const detected = rows.reduce((n, r) => n + r.valid * (r.score / 100), 0);
  console.log(
    `\n${all > 0 ? ((100 * detected) / all).toFixed(1) : '100'}% of ${all} mutants over ${rows.length} files, in ${seconds.toFixed(0)} s; ${under.length} ${under.length === 1 ? 'file is' : 'files are'} under their aim${under.length > 0 ? `: ${under.map((u) => u.file).join(', ')}` : ''}.`,
  );
  return under.length > 0 && !args['report-only'] ? 2 : 0;
}

process.exitCode = main();

/**
 * npm run mutation [-- --files <glob>[,<glob>...]] [--changed <rev>] [--full] [--ignore-static] [--report-only]
 *
 * Mutation testing of the core (functions/core/**) by its unit tests (tests/core), with Stryker: the vitest runner,
 * the TypeScript checker (a mutant that does not compile is not counted), incremental (only the mutants whose code or
 * tests changed since the last run are run again; .stryker/incremental.json). It prints each file's score, the files
 * under their aim (85%, and 90% for categorisation, letters and brokering), the mutants that survived, and how long it
 * took. `--files` mutates those files only; `--changed <rev>` only the lines of the core's source files changed since
 * <rev> (what CI runs: a change of tests alone mutates nothing there); `--full` runs every mutant of the files it mutates
 * again (an incremental run reuses a static mutant's result even where a new test would now kill it). It exits 2
 * where a file is under its aim, unless `--report-only`. A mutant that no test could kill (an equivalent mutant) is
 * marked in the source, `// Stryker disable next-line <mutator>: <why>`, and not counted.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scriptOptions } from '../local/args';
import { changedRanges, mutationScope } from '../local/mutation-ranges';
import { REPOSITORY_ROOT } from '../local/repository';

const USAGE = `Usage: npm run mutation [-- --files <glob>[,<glob>...]] [--changed <rev>] [--full] [--ignore-static] [--report-only]
  --files        mutate only these files (globs, comma-separated; default every file of functions/core)
  --changed      mutate only the lines of the core's source files changed since this git revision (CI: the commit
                 before); their scores are of those lines' mutants
  --full         run every mutant of the files mutated again, not only those whose code or tests changed since the
                 last run (an incremental run keeps a static mutant's old result: use this after new tests)
  --ignore-static  leave out the static mutants (those in code run as a module loads, which run every test each:
                 most of the time); quicker, and the scores say how many were left out
  --report-only  print the scores, and exit 0 even where a file is under its aim`;
const args = scriptOptions(
  {
    files: { type: 'string' },
    changed: { type: 'string' },
    full: { type: 'boolean' },
    'ignore-static': { type: 'boolean' },
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
  files: Record<
    string,
    {
      mutants: {
        status: string;
        statusReason?: string;
        mutatorName: string;
        replacement?: string;
        location: { start: { line: number } };
      }[];
    }
  >;
}

function mutateList(): string[] | undefined {
  if (args.files) return args.files.split(',').map((f) => f.trim());
  if (args.changed) {
    return changedRanges(
      execFileSync('git', ['diff', '--unified=0', args.changed, '--', 'functions/core'], {
        cwd: REPOSITORY_ROOT,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      }),
    ).filter((range) => existsSync(join(REPOSITORY_ROOT, range.replace(/:\d+-\d+$/, ''))));
  }
  return undefined;
}

function main(): number {
  const mutate = mutateList();
  if (mutate && mutate.length === 0) {
    console.log('No line of the core changed: nothing to mutate.');
    return 0;
  }
  const started = Date.now();
  const run = spawnSync(
    join(REPOSITORY_ROOT, 'node_modules', '.bin', 'stryker'),
    [
      'run',
      'stryker.config.json',
      ...(mutate ? ['--mutate', mutate.join(',')] : []),
      ...(args['ignore-static'] ? ['--ignoreStatic'] : []),
      ...(args.full ? ['--force'] : []),
    ],
    { cwd: REPOSITORY_ROOT, stdio: 'inherit' },
  );
  if (run.status !== 0) {
    console.error(`Stryker stopped (exit ${run.status}): see its output above.`);
    return 1;
  }
  const seconds = (Date.now() - started) / 1000;
  const report = JSON.parse(readFileSync(join(REPOSITORY_ROOT, '.stryker', 'mutation.json'), 'utf8')) as Report;
  // The report holds every result the incremental file keeps: only those of the files (and lines) asked for count.
  const inScope = mutationScope(mutate);
  const rows = Object.entries(report.files)
    .map(([file, { mutants: all }]) => {
      const mutants = all.filter((m) => inScope(file, m.location.start.line));
      const count = (...statuses: string[]) => mutants.filter((m) => statuses.includes(m.status)).length;
      const detected = count('Killed', 'Timeout');
      const valid = detected + count('Survived', 'NoCoverage');
      return {
        file,
        score: valid === 0 ? 100 : (100 * detected) / valid,
        survived: count('Survived'),
        noCoverage: count('NoCoverage'),
        equivalent: mutants.filter((m) => m.status === 'Ignored' && !/static/i.test(m.statusReason ?? '')).length,
        static: mutants.filter((m) => m.status === 'Ignored' && /static/i.test(m.statusReason ?? '')).length,
        valid,
        undetected: mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage'),
      };
    })
    .filter((r) => r.valid > 0)
    .sort((a, b) => a.score - b.score);
  const under = rows.filter((r) => r.score < aimOf(r.file));
  const SHOWN = 15;
  console.log('\nWhat survived, by line (the first of each file):');
  for (const r of rows.filter((row) => row.undetected.length > 0)) {
    console.log(`  ${r.file}`);
    for (const m of r.undetected.slice(0, SHOWN))
      console.log(
        `    line ${m.location.start.line}: ${m.mutatorName}${m.replacement ? ` -> ${m.replacement.replace(/\s+/g, ' ').slice(0, 70)}` : ''}${m.status === 'NoCoverage' ? ' (no test runs it)' : ''}`,
      );
    if (r.undetected.length > SHOWN)
      console.log(`    and ${r.undetected.length - SHOWN} more: .stryker/mutation.json has them all`);
  }
  console.log(
    `\nMutation score by file (killed or timed out, of the mutants that compile${args.changed ? ', on the lines changed' : ''}):`,
  );
  for (const r of rows)
    console.log(
      `  ${r.score.toFixed(1).padStart(5)}%  ${r.file}  (${r.valid} mutants; ${r.survived} survived, ${r.noCoverage} not run by any test${r.equivalent > 0 ? `; ${r.equivalent} marked equivalent` : ''}${r.static > 0 ? `; ${r.static} static left out` : ''}; aim ${aimOf(r.file)}%)`,
    );
  const all = rows.reduce((n, r) => n + r.valid, 0);
  const detected = rows.reduce((n, r) => n + r.valid * (r.score / 100), 0);
  console.log(
    `\n${all > 0 ? ((100 * detected) / all).toFixed(1) : '100'}% of ${all} mutants over ${rows.length} ${rows.length === 1 ? 'file' : 'files'}, in ${seconds.toFixed(0)} s; ${under.length} ${under.length === 1 ? 'file is under its aim' : 'files are under their aim'}${under.length > 0 ? `: ${under.map((u) => u.file).join(', ')}` : ''}.`,
  );
  return under.length > 0 && !args['report-only'] ? 2 : 0;
}

process.exitCode = main();

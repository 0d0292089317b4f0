/**
 * npm run intake -- --data <dir> --check [--term <term>] [--la <code>] [--authority <file>] [--year ks2=2024/25]
 *                   [--max-rejected-share <0-1>]
 *
 * Checks a term's files the way the cycle's intake will, without running the cycle, and prints the intake
 * report: what each file held, every rejected row with its file, row, column, value and what was expected,
 * the missing contacts, and whether the cycle would go on. Officers fix their spreadsheets with it.
 * Exit code: 0 nothing rejected; 1 rows rejected or the cycle would stop; 2 it could not check.
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { loadMethodologyFile } from '../functions/adapters/methodology-file';
import { IntakeHalted, readTermIntake } from '../functions/core/intake';
import { intakeReport } from '../functions/core/intake/intake-report';
import { futureDateLimit, isTermId, termStartDate } from '../functions/core/term';
import type { CycleConfig } from '../lib/config';
import { parseCommandLine, runCommand, UsageError } from './args';
import { chooseAuthority, performanceYears } from './authority';
import { AUTHORITY_OPTIONS, authorityArgs } from './authority-options';
import { REPOSITORY_ROOT } from './repository';
import { readTermFolder, type TermFolder } from './term-folder';

const USAGE = `Usage: npm run intake -- --data <dir> --check [--term <term>] [--la <code>] [--authority <file>] [--year <year>]... [--max-rejected-share <0-1>]
  --data   the folder holding one term's files (or a folder of term folders, with --term)
  --check  validate the files and print the intake report, without running the cycle
  --term   the term the files are for, e.g. 2027-spring (default: the folder's name, if it is a term)
  --la     the authority's three-digit LA code (default: cdk.json's laCode)
  --authority <file>  the authority's settings (JSON or YAML with any of cdk.json's keys)
  --year   the academic year of performance files that say none themselves: ks2=2024/25, or 2024/25 for all
  Time of term and the share of rows that may be rejected come from cdk.json (or --authority) unless given.`;

const argsSchema = z.object({
  data: z.string({ message: 'is required' }),
  check: z.literal(true, { message: 'is required: this command only checks files' }),
  term: z
    .string()
    .refine(isTermId, { message: 'takes a term: <year>-<autumn|spring|summer>, e.g. 2026-autumn' })
    .optional(),
  ...authorityArgs,
  'max-rejected-share': z.coerce.number().min(0).max(1).optional(),
});

function main(): number {
  let args: z.infer<typeof argsSchema> | undefined;
  try {
    args = parseCommandLine(
      process.argv.slice(2),
      {
        data: { type: 'string' },
        check: { type: 'boolean' },
        term: { type: 'string' },
        ...AUTHORITY_OPTIONS,
        'max-rejected-share': { type: 'string' },
      },
      argsSchema,
      USAGE,
    );
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (!args) return 0;
  let folder: TermFolder;
  try {
    folder = readTermFolder(resolve(args.data), args.term);
  } catch {
    console.error(`--data ${args.data}: no such folder`);
    return 2;
  }
  const { dir, term, files } = folder;
  let config: CycleConfig;
  let years: ReturnType<typeof performanceYears>;
  try {
    config = chooseAuthority({ la: args.la, authorityFile: args.authority, dataDir: dir });
    years = performanceYears(args.year);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  const laCode = config.laCode;
  const maxRejectedShare = args['max-rejected-share'] ?? config.maxRejectedShare;
  const today = new Date().toISOString().slice(0, 10);
  const start = term ? termStartDate(term, config.termStartDates) : today;

  console.log(`Intake check of ${dir} for ${config.authorityName} (LA ${laCode})${term ? `, ${term}` : ''}\n`);
  try {
    const methodology = loadMethodologyFile(join(REPOSITORY_ROOT, config.methodology));
    const intake = readTermIntake(files, {
      laCode,
      notAfter: futureDateLimit(today, start),
      categories: methodology.categories.map((c) => c.id),
      performanceYears: years,
    });
    const { lines, halt } = intakeReport(intake, { laCode, maxRejectedShare });
    console.log(lines.join('\n'));
    return halt || intake.rejected.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof IntakeHalted) {
      console.log(`Result: the cycle would STOP before changing any category or sending any letter: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

runCommand(import.meta, main, { usage: USAGE });

/**
 * npm run methodology -- validate <file>
 * npm run methodology -- compare <proposed-file> [--current <file>] [--data <dir>] [--term <term>] [--la <code>]
 * [--year <year>]
 *
 * For the Education Challenge Board: check a methodology file, and see, before adopting it, every school whose
 * category it would change on a term's evidence, with the reasons under both.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Methodology, MethodologyInvalid, parseMethodology } from '../functions/core/assessment/methodology';
import { compareMethodologies } from '../functions/core/assessment/methodology-compare';
import { readTermIntake } from '../functions/core/intake';
import { futureDateLimit, termStartDate } from '../functions/core/term';
import { refusedOptions, runCommand, UsageError } from './args';
import { chooseAuthority, performanceYears } from './authority';
import { AUTHORITY_OPTIONS } from './authority-options';
import { REPOSITORY_ROOT } from './repository';
import { readTermFolder } from './term-folder';

const USAGE = `Usage:
  npm run methodology -- validate <file>
  npm run methodology -- compare <proposed-file> [--current <file>] [--data <dir>] [--term <term>] [--la <code>] [--authority <file>] [--year <year>]...
    --current  the methodology in force (default: cdk.json's methodology)
    --data     a term's input files, or a folder of term folders (default: the example authority's latest term)
    --la, --authority, --year  the authority and the year of performance files, as for npm run cycle`;

const load = (file: string): Methodology => parseMethodology(readFileSync(resolve(file), 'utf8'), file);
const counts = (c: Record<string, number>) =>
  Object.entries(c)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

function main(): number {
  const options = {
    current: { type: 'string' },
    data: { type: 'string' },
    term: { type: 'string' },
    ...AUTHORITY_OPTIONS,
    help: { type: 'boolean', short: 'h' },
  } as const;
  let parsed: ReturnType<typeof parseArgs<{ allowPositionals: true; options: typeof options }>>;
  try {
    parsed = parseArgs({ allowPositionals: true, options });
  } catch (error) {
    throw new UsageError(refusedOptions(error, Object.keys(options)));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [command, file] = positionals;
  if (!command || !['validate', 'compare'].includes(command))
    throw new UsageError(command ? `${command} is not a command: validate or compare` : 'validate or compare?');
  if (!file) throw new UsageError(`${command} needs a methodology file`);
  const dataDir = resolve(values.data ?? join(REPOSITORY_ROOT, 'example'));
  const config = chooseAuthority({ la: values.la, authorityFile: values.authority, dataDir });
  if (command === 'validate') {
    const m = load(file);
    console.log(
      `${file}: a valid methodology.\n  id ${m.id}, effective from ${m.effectiveFrom}, owned by the ${m.owner}\n  categories (best first): ${m.categories.map((c) => c.id).join(', ')}\n  ${m.rules.length} rules`,
    );
    return 0;
  }
  const current = load(values.current ?? join(REPOSITORY_ROOT, config.methodology));
  const proposed = load(file);
  const folder = readTermFolder(dataDir, values.term);
  const today = new Date().toISOString().slice(0, 10);
  const asOf = folder.term ? termStartDate(folder.term, config.termStartDates) : today;
  const intake = readTermIntake(folder.files, {
    laCode: config.laCode,
    notAfter: futureDateLimit(today, asOf),
    categories: current.categories.map((c) => c.id),
    performanceYears: performanceYears(values.year ?? []),
  });
  const comparison = compareMethodologies(intake, current, proposed, asOf);
  console.log(`What-if for ${folder.term ?? folder.dir}: ${intake.schools.length} schools`);
  console.log(`  current   ${comparison.current.id}: ${counts(comparison.current.counts)}`);
  console.log(`  proposed  ${comparison.proposed.id}: ${counts(comparison.proposed.counts)}`);
  console.log(
    `\n${comparison.differences.length} schools would change category${comparison.differences.length ? ':' : '.'}`,
  );
  for (const d of comparison.differences) {
    console.log(
      `\n  ${d.school.name} (URN ${d.school.urn}, ${d.school.district}): ${d.current.category} -> ${d.proposed.category}`,
    );
    console.log(`    now (${comparison.current.id}):`);
    for (const r of d.current.reasons) console.log(`      - ${r}`);
    console.log(`    proposed (${comparison.proposed.id}):`);
    for (const r of d.proposed.reasons) console.log(`      - ${r}`);
  }
  return 0;
}

runCommand(import.meta, main, {
  usage: USAGE,
  expected: {
    is: (error) =>
      error instanceof MethodologyInvalid ||
      (error as Error).message?.includes('no such folder') ||
      (error as NodeJS.ErrnoException).code === 'ENOENT',
  },
});

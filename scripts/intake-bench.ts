/**
 * npm run bench -- --intake: how long intake takes, and how much memory, on national-sized files.
 *
 * Builds (once, in .bench/, not committed) a whole-England GIAS extract of 50,000 rows with about 130 columns and
 * an Ofsted management-information file of 22,000 rows, each holding the example authority's rows among other
 * authorities', plus the example authority's own sheets. Then, in a fresh process so that its peak memory is the
 * intake's own, reads and validates them and filters them to the authority, and prints the time (median of
 * several runs) and the peak memory of one run.
 *
 * Then the same for one large authority (7,260 schools in the cycle, each with its contacts and an inspection),
 * where intake's work grows with the number of schools: it stays linear.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseCsvRows, toCsv } from '../functions/core/csv';
import { readTermIntake } from '../functions/core/intake';
import { rejectedRowCount } from '../functions/core/intake/intake-report';

const root = join(import.meta.dirname, '..');
const BENCH_VERSION = 'v2'; // the layout of the generated files: bump it when they change
const benchDir = join(root, '.bench', BENCH_VERSION, 'national');
const largeDir = join(root, '.bench', BENCH_VERSION, 'large-authority');
const LARGE_SCHOOLS = 7_260;
const exampleDir = join(root, 'example', '2026-autumn');
const REGISTER_ROWS = 50_000;
const OFSTED_ROWS = 22_000;
const EXTRA_COLUMNS = 105;

const { values: args } = parseArgs({
  options: { measure: { type: 'string' }, runs: { type: 'string', default: '5' } },
});

function generate(): void {
  mkdirSync(benchDir, { recursive: true });
  // The example authority's own sheets, unchanged.
  for (const name of readdirSync(exampleDir)) {
    if (name !== 'register.csv' && name !== 'ofsted-inspections.csv')
      writeFileSync(join(benchDir, name), readFileSync(join(exampleDir, name)));
  }
  // GIAS: the example's rows among 150 other authorities', with the hundred-odd columns GIAS has.
  const [registerHead, ...registerBody] = parseCsvRows(readFileSync(join(exampleDir, 'register.csv'), 'utf8'));
  const filler = Array.from({ length: EXTRA_COLUMNS }, (_, i) => `GiasColumn${i + 1} (name)`);
  const headers = [...registerHead!.cells, ...filler];
  const pad = (cells: readonly string[]) => [
    ...cells,
    ...filler.map((_, i) => (i % 3 === 0 ? 'Not applicable' : i % 3 === 1 ? String(i) : '')),
  ];
  const rows: string[][] = registerBody.map((r) => pad(r.cells));
  const template = registerBody[1]!.cells;
  for (let i = rows.length; i < REGISTER_ROWS; i++) {
    const cells = [...template];
    cells[0] = String(400000 + i);
    cells[1] = String(800 + (i % 150));
    cells[2] = `Authority ${800 + (i % 150)}`;
    cells[4] = `School number ${i}, "quoted", and long enough to be realistic`;
    rows.push(pad(cells));
  }
  writeFileSync(join(benchDir, 'register.csv'), toCsv(headers, rows));
  // Ofsted: the example's rows among other schools' inspections from all three eras.
  const [ofstedHead, ...ofstedBody] = parseCsvRows(readFileSync(join(exampleDir, 'ofsted-inspections.csv'), 'utf8'));
  const inspections: string[][] = ofstedBody.map((r) => [...r.cells]);
  const samples = [ofstedBody[0]!.cells, ofstedBody[1]!.cells, ofstedBody[2]!.cells];
  for (let i = inspections.length; i < OFSTED_ROWS; i++) {
    const cells = [...samples[i % samples.length]!];
    cells[0] = String(400000 + i);
    cells[1] = `School number ${i}`;
    inspections.push(cells);
  }
  writeFileSync(join(benchDir, 'ofsted-inspections.csv'), toCsv(ofstedHead!.cells, inspections));
}

/** One authority of LARGE_SCHOOLS schools: register, contacts and an inspection for each, in the example's formats. */
function generateLarge(): void {
  mkdirSync(largeDir, { recursive: true });
  const [registerHead, ...registerBody] = parseCsvRows(readFileSync(join(exampleDir, 'register.csv'), 'utf8'));
  const template = registerBody[1]!.cells;
  const urns = Array.from({ length: LARGE_SCHOOLS }, (_, i) => String(500000 + i));
  writeFileSync(
    join(largeDir, 'register.csv'),
    toCsv(
      registerHead!.cells,
      urns.map((urn, i) => [
        urn,
        '999',
        'Ardenshire',
        ...template.slice(3).map((c, j) => (j === 1 ? `School ${i}` : c)),
      ]),
    ),
  );
  writeFileSync(
    join(largeDir, 'contacts.csv'),
    toCsv(
      ['URN', 'Role', 'Name', 'Email'],
      urns.flatMap((urn) => [
        [urn, 'Headteacher', 'A Head', `head@${urn}.sch.example`],
        [urn, 'Chair of governors', 'A Chair', `chair@${urn}.sch.example`],
      ]),
    ),
  );
  const [ofstedHead, ...ofstedBody] = parseCsvRows(readFileSync(join(exampleDir, 'ofsted-inspections.csv'), 'utf8'));
  writeFileSync(
    join(largeDir, 'ofsted-inspections.csv'),
    toCsv(
      ofstedHead!.cells,
      urns.map((urn, i) => [urn, ...ofstedBody[i % 50]!.cells.slice(1)]),
    ),
  );
}

function measure(dir: string, runs: number): void {
  const files = new Map(readdirSync(dir).map((name) => [name, new Uint8Array(readFileSync(join(dir, name)))]));
  const timings: number[] = [];
  let schools = 0;
  let rejected = 0;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const intake = readTermIntake(files, { laCode: '999', notAfter: '2026-09-03' });
    timings.push(Number(process.hrtime.bigint() - started) / 1e6);
    schools = intake.schools.length;
    rejected = rejectedRowCount(intake);
  }
  console.log(JSON.stringify({ timings, schools, rejected, maxRssKb: process.resourceUsage().maxRSS }));
}

function main(): void {
  if (!existsSync(join(benchDir, 'register.csv'))) {
    process.stdout.write(`Generating national-sized files in .bench/${BENCH_VERSION}/ (once) ... `);
    generate();
    generateLarge();
    console.log('done');
  }
  const runs = Number(args.runs);
  const measured = (count: number, dir = benchDir) => {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', import.meta.filename, '--measure', dir, '--runs', String(count)],
      { cwd: root, encoding: 'utf8' },
    );
    if (child.status !== 0) throw new Error(`the measuring process failed: ${child.stderr}`);
    return JSON.parse(child.stdout.trim().split('\n').at(-1)!) as {
      timings: number[];
      schools: number;
      rejected: number;
      maxRssKb: number;
    };
  };
  // Memory from a process that runs intake once, as a Lambda invocation does; time from repeated runs.
  const once = measured(1);
  const result = measured(runs);
  const size = (name: string) => `${(statSync(join(benchDir, name)).size / 1e6).toFixed(1)} MB`;
  const sorted = [...result.timings].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  console.log(`Intake benchmark (Node ${process.version}, ${cpus().length} CPUs)`);
  console.log(
    `  register.csv            ${REGISTER_ROWS.toLocaleString('en-GB')} rows x ${EXTRA_COLUMNS + 25} columns, ${size('register.csv')}`,
  );
  console.log(
    `  ofsted-inspections.csv  ${OFSTED_ROWS.toLocaleString('en-GB')} rows, ${size('ofsted-inspections.csv')}`,
  );
  console.log(`  filtered to LA 999:     ${result.schools} schools in the cycle, ${result.rejected} rows rejected`);
  console.log(
    `  intake time             median ${(median / 1000).toFixed(2)} s over ${runs} runs (${sorted.map((t) => (t / 1000).toFixed(2)).join(', ')} s)`,
  );
  console.log(
    `  peak memory (max RSS)   ${Math.round(once.maxRssKb / 1024)} MB for a process that runs intake once (Node.js itself included)`,
  );
  const large = measured(runs, largeDir);
  const largeSorted = [...large.timings].sort((a, b) => a - b);
  console.log(
    `  one large authority:    ${large.schools.toLocaleString('en-GB')} schools in the cycle, each with contacts and an inspection`,
  );
  console.log(
    `  intake time             median ${(largeSorted[Math.floor(largeSorted.length / 2)]! / 1000).toFixed(2)} s over ${runs} runs (${largeSorted.map((t) => (t / 1000).toFixed(2)).join(', ')} s)`,
  );
}

if (args.measure) measure(args.measure, Number(args.runs));
else main();

/**
 * Writes, from the sheet definitions in functions/core/intake/ (so they cannot drift from what intake reads):
 *   templates/<sheet>.csv and .xlsx          the LA's own sheets, headers only
 *   templates/<sheet>.example.csv and .xlsx  the same with a filled example row
 *   docs/inputs.md                           every input file and column, with its aliases
 *
 *   npm run templates
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { toCsv } from '../functions/core/csv';
import { LA_SHEETS, OFSTED_LAYOUTS, REQUIRED_SHEETS, SHEETS } from '../functions/core/intake';
import type { SheetSpec } from '../functions/core/sheets';
import { scriptOptions } from '../local/args';

const root = join(import.meta.dirname, '..');

/** The columns a template shows: every column except report-card dates, which come from Ofsted's own file. */
function columnsOf(spec: SheetSpec<unknown>) {
  return Object.values(spec.columns);
}

async function xlsx(spec: SheetSpec<unknown>, withExample: boolean): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  book.creator = 'school-improvement-cycle';
  book.created = new Date(Date.UTC(2026, 0, 1));
  book.modified = book.created;
  const sheet = book.addWorksheet(spec.name);
  const columns = columnsOf(spec);
  sheet.addRow(columns.map((c) => c.header)).font = { bold: true };
  if (withExample) sheet.addRow(columns.map((c) => c.example ?? ''));
  columns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = Math.max(14, c.header.length + 4);
    sheet.getColumn(i + 1).numFmt = '@'; // text, so that Excel keeps URNs and dates as typed
  });
  return new Uint8Array(await book.xlsx.writeBuffer());
}

export function inputsMarkdown(): string {
  const required = new Set<string>(REQUIRED_SHEETS.map((s) => s.name));
  const lines = [
    '# Input files',
    '',
    '<!-- Written by `npm run templates` from functions/core/intake/. Do not edit by hand. -->',
    '',
    "One set of files per term: locally a folder, on AWS the S3 prefix `inputs/<term>/`. Each file may be CSV (UTF-8, with or without a byte-order mark, or Windows-1252; CRLF or LF) or an .xlsx workbook (the first worksheet that has the sheet's columns in its first row, so a cover sheet before it is passed over). Columns are found by their name or any of its aliases, ignoring case and extra spaces; other columns are ignored. Dates may be day/month/year (01/09/2026, 01-09-2026) or ISO (2026-09-01); dates after the start of term (or today, if later) are rejected as in the future.",
    '',
    "A file is found by its name (`register.csv`, `ofsted-inspections.xlsx`, ...) or, when its name is not one of these (a download keeps the publisher's name), by its columns; the intake report says which. Each file has one role: one whose columns fit two inputs about equally is not read, and the intake report names both; the AAGs' and the ECB's decisions (`aag-decisions.csv`, `ecb-decisions.csv`, or a copy of either under another name, found by its columns) are never read as intake, only by the step that asks them. Files recognised neither way (dot-files too) are listed in the intake report and archived with the rest. A register row that repeats an earlier one exactly is read once, and the intake report says which row repeats which. No cell may hold control or bidirectional formatting characters, or more than 32,767 characters; only free-text notes may run over several lines. An empty file, or one that cannot be read, is reported once, first; if it was given, the cycle stops rather than go on without its evidence.",
    '',
    'Templates for the sheets the authority keeps itself are in `templates/`: `<file>.csv` / `.xlsx` with the headers, and `<file>.example.csv` / `.xlsx` with a filled example row.',
    '',
  ];
  for (const spec of SHEETS) {
    lines.push(`## ${spec.name}.csv (or .xlsx): ${spec.title}`, '');
    lines.push(
      required.has(spec.name)
        ? '**Required**: without it the cycle stops before changing any category.'
        : 'Optional: a missing file is treated as empty.',
      '',
    );
    if (spec.unique) lines.push(`Each row must be unique: ${spec.unique.expected}.`, '');
    const layouts = spec.name === OFSTED_LAYOUTS[0]!.spec.name ? OFSTED_LAYOUTS : [{ description: '', spec }];
    if (layouts.length > 1) {
      lines.push(
        'Ofsted has published this file in more than one layout; intake tells them apart by their columns and says in the intake report which it read. `NULL` is an empty cell. One row is one school and may carry several inspections, each read as its own, with its own date and era. A judgement intake cannot read (a grade or outcome it does not know) is that judgement\'s problem: rejected.csv names it, the inspection is kept without it, and the school\'s evidence says what was left out; a row that cannot be used at all is rejected, and the school is never called uninspected. Ofsted\'s "all inspections" file (one row per inspection) is refused by name: give the "latest inspections" file. With its `LAESTAB` column, the schools Ofsted lists under the authority that the register does not have are listed in the intake report.',
        '',
      );
    }
    for (const layout of layouts) {
      if (layout.description) lines.push(`### ${layout.description}`, '');
      lines.push('| column | also read as | required | what it holds |', '| --- | --- | --- | --- |');
      for (const column of Object.values(layout.spec.columns)) {
        const aliases = (column.aliases ?? []).map((a) => `\`${a.trim()}\``).join(', ');
        lines.push(
          `| \`${column.header}\` | ${aliases} | ${column.required ? 'yes' : ''} | ${column.description}${column.date ? ' (a date)' : ''} |`,
        );
      }
      lines.push('');
    }
  }
  return lines.join('\n');
}

async function main() {
  const dir = join(root, 'templates');
  mkdirSync(dir, { recursive: true });
  for (const spec of LA_SHEETS) {
    const columns = columnsOf(spec as SheetSpec<unknown>);
    writeFileSync(
      join(dir, `${spec.name}.csv`),
      toCsv(
        columns.map((c) => c.header),
        [],
      ),
    );
    writeFileSync(
      join(dir, `${spec.name}.example.csv`),
      toCsv(
        columns.map((c) => c.header),
        [columns.map((c) => c.example ?? '')],
      ),
    );
    writeFileSync(join(dir, `${spec.name}.xlsx`), await xlsx(spec as SheetSpec<unknown>, false));
    writeFileSync(join(dir, `${spec.name}.example.xlsx`), await xlsx(spec as SheetSpec<unknown>, true));
  }
  mkdirSync(join(root, 'docs'), { recursive: true });
  writeFileSync(join(root, 'docs', 'inputs.md'), inputsMarkdown());
  console.log(`Wrote ${LA_SHEETS.length * 4} templates to templates/ and docs/inputs.md`);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  scriptOptions(
    {},
    `Usage: npm run templates
  Rewrites templates/ (each sheet empty and with an example row, as CSV and .xlsx) and docs/inputs.md from the sheet
  definitions (functions/core/sheets.ts); no options.`,
  );
  await main();
}

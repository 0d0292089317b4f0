/**
 * Writes, from the sheet definitions in functions/core/intake.ts (so they cannot drift from what intake reads):
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
import { LA_SHEETS, REQUIRED_SHEETS, SHEETS } from '../functions/core/intake';
import type { SheetSpec } from '../functions/core/sheets';

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
    '<!-- Written by `npm run templates` from functions/core/intake.ts. Do not edit by hand. -->',
    '',
    "One set of files per term: locally a folder, on AWS the S3 prefix `inputs/<term>/`. Each file may be CSV (UTF-8, with or without a byte-order mark, or Windows-1252; CRLF or LF) or an .xlsx workbook (its first worksheet). Columns are found by their name or any of its aliases, ignoring case and extra spaces; other columns are ignored. Dates may be day/month/year (01/09/2026, 01-09-2026) or ISO (2026-09-01); dates after the start of term (or today, if later) are rejected as in the future.",
    '',
    'Templates for the sheets the authority keeps itself are in `templates/`: `<file>.csv` / `.xlsx` with the headers, and `<file>.example.csv` / `.xlsx` with a filled example row.',
    '',
  ];
  for (const spec of SHEETS) {
    lines.push(`## ${spec.name}.csv (or .xlsx): ${spec.title}`, '');
    lines.push(required.has(spec.name) ? '**Required**: without it the cycle stops before changing any category.' : 'Optional: a missing file is treated as empty.', '');
    if (spec.unique) lines.push(`Each row must be unique: ${spec.unique.expected}.`, '');
    lines.push('| column | also read as | required | what it holds |', '| --- | --- | --- | --- |');
    for (const column of Object.values(spec.columns)) {
      const aliases = (column.aliases ?? []).map((a) => `\`${a.trim()}\``).join(', ');
      lines.push(`| \`${column.header}\` | ${aliases} | ${column.required ? 'yes' : ''} | ${column.description}${column.date ? ' (a date)' : ''} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

async function main() {
  const dir = join(root, 'templates');
  mkdirSync(dir, { recursive: true });
  for (const spec of LA_SHEETS) {
    const columns = columnsOf(spec as SheetSpec<unknown>);
    writeFileSync(join(dir, `${spec.name}.csv`), toCsv(columns.map((c) => c.header), []));
    writeFileSync(join(dir, `${spec.name}.example.csv`), toCsv(columns.map((c) => c.header), [columns.map((c) => c.example ?? '')]));
    writeFileSync(join(dir, `${spec.name}.xlsx`), await xlsx(spec as SheetSpec<unknown>, false));
    writeFileSync(join(dir, `${spec.name}.example.xlsx`), await xlsx(spec as SheetSpec<unknown>, true));
  }
  mkdirSync(join(root, 'docs'), { recursive: true });
  writeFileSync(join(root, 'docs', 'inputs.md'), inputsMarkdown());
  console.log(`Wrote ${LA_SHEETS.length * 4} templates to templates/ and docs/inputs.md`);
}

if (process.argv[1] && import.meta.filename === process.argv[1]) await main();

/**
 * Reading one input sheet: columns found by name through an alias table (case and stray spaces ignored),
 * each row validated with zod, and every problem turned into a rejected row that names the file, the row,
 * the column, the value found and what was expected. Valid rows go through; nothing is silently altered.
 */
import { z } from 'zod';
import { normaliseHeader, parseCsv } from './csv';
import type { RejectedRow } from './types';

export interface ColumnSpec {
  /** The column's name in our documentation and templates. */
  readonly header: string;
  /** Other names the same column goes by in published or exported files. */
  readonly aliases?: readonly string[];
  readonly required: boolean;
}

export interface SheetSpec<T> {
  readonly file: string;
  readonly columns: Record<string, ColumnSpec>;
  /** Validates one row's raw cells (keyed as `columns`) and builds the domain value. */
  readonly row: z.ZodType<T, Record<string, string>>;
}

export interface SheetResult<T> {
  readonly accepted: { line: number; value: T }[];
  readonly rejected: RejectedRow[];
  readonly rows: number;
}

/** Windows-1252's characters for bytes 0x80-0x9F (Node's TextDecoder treats the label as Latin-1 there). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Decode a file's bytes: UTF-8 (with or without BOM), or Windows-1252 from older Excel. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    let text = '';
    for (const byte of bytes) text += String.fromCharCode(byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80]! : byte);
    return text;
  }
}

export interface ReadOptions {
  /** Rows to consider at all, decided on the raw cells before validation (e.g. this authority's rows of a national file). */
  readonly keep?: (cells: Record<string, string>) => boolean;
}

export function readSheet<T>(spec: SheetSpec<T>, text: string, options: ReadOptions = {}): SheetResult<T> {
  const table = parseCsv(text);
  const byName = new Map(table.headers.map((h) => [normaliseHeader(h), h]));
  const columnHeader: Record<string, string | undefined> = {};
  const missing: RejectedRow[] = [];
  for (const [key, column] of Object.entries(spec.columns)) {
    const found = [column.header, ...(column.aliases ?? [])].map((name) => byName.get(normaliseHeader(name))).find(Boolean);
    columnHeader[key] = found;
    if (!found && column.required) {
      missing.push({
        file: spec.file,
        row: 1,
        column: column.header,
        value: '',
        expected: `a column named '${column.header}' in the header row`,
      });
    }
  }
  if (missing.length > 0) {
    return { accepted: [], rejected: missing, rows: table.records.length };
  }
  const accepted: { line: number; value: T }[] = [];
  const rejected: RejectedRow[] = [];
  let rows = 0;
  for (const record of table.records) {
    const cells: Record<string, string> = {};
    for (const key of Object.keys(spec.columns)) {
      const header = columnHeader[key];
      cells[key] = header === undefined ? '' : (record.values[header] ?? '');
    }
    if (options.keep && !options.keep(cells)) continue;
    rows++;
    const parsed = spec.row.safeParse(cells);
    if (parsed.success) {
      accepted.push({ line: record.line, value: parsed.data });
      continue;
    }
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      const column = spec.columns[key];
      rejected.push({
        file: spec.file,
        row: record.line,
        column: column ? (columnHeader[key] ?? column.header) : key,
        value: cells[key] ?? '',
        expected: issue.message,
      });
    }
  }
  return { accepted, rejected, rows };
}

/** Formats a rejected row the way officers read it: "register.csv row 12, URN: 'x' is not a URN of 6 or 7 digits". */
export function describeRejection(rejection: RejectedRow): string {
  return `${rejection.file} row ${rejection.row}, ${rejection.column}: '${rejection.value}' is not ${rejection.expected}`;
}

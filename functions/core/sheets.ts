/**
 * Reading one input sheet: columns found by name through an alias table (case and stray spaces ignored), each
 * row validated with zod, and every problem turned into a rejected row that names the file, the row, the column,
 * the value found and what was expected. Valid rows go through; nothing is silently altered.
 */
import { z } from 'zod';
import { iterateCsvRows, normaliseHeader } from './csv';
import { parseDate } from './dates';
import type { RejectedRow } from './types';
import { readXlsxRows, WorkbookUnreadable } from './xlsx';

export interface ColumnSpec {
  /** The column's name in our documentation and templates. */
  readonly header: string;
  /** Other names the same column goes by in published or exported files. */
  readonly aliases?: readonly string[];
  readonly required: boolean;
  /** What the column holds, for the documentation and templates. */
  readonly description: string;
  /** A value for the filled example template. */
  readonly example?: string;
  /** The column holds a date, which must not be in the future. */
  readonly date?: boolean;
}

export interface SheetSpec<T> {
  /** The file's name without its extension: `contacts` is read from contacts.csv or contacts.xlsx. */
  readonly name: string;
  readonly title: string;
  readonly columns: Record<string, ColumnSpec>;
  /** Validates one row's raw cells (keyed as `columns`) and builds the domain value. */
  readonly row: z.ZodType<T, Record<string, string>>;
  /** Rows that must be unique, and how to say so. */
  readonly unique?: { readonly key: (value: T) => string; readonly column: string; readonly expected: string };
}

export interface Row {
  readonly line: number;
  readonly cells: readonly string[];
}

export interface SheetResult<T> {
  readonly accepted: { line: number; value: T }[];
  readonly rejected: RejectedRow[];
  /** Rows considered (after `keep`). */
  readonly rows: number;
  /** Rows passed over by `keep` (e.g. other authorities' rows of a national file). */
  readonly skipped: number;
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

export class FileUnreadable extends Error {
  override readonly name = 'FileUnreadable';
}

/** The rows of a CSV file or of an .xlsx workbook's first worksheet; the first row is the header. */
export function readRows(file: string, bytes: Uint8Array): Iterable<Row> {
  if (/\.xlsx$/i.test(file)) {
    try {
      return readXlsxRows(bytes);
    } catch (error) {
      if (error instanceof WorkbookUnreadable) throw new FileUnreadable(`${file} cannot be read: ${error.message}`);
      throw error;
    }
  }
  return iterateCsvRows(decodeText(bytes));
}

export interface ReadOptions {
  /** Rows to consider at all, decided on the raw cells before validation (e.g. this authority's rows of a national file). */
  readonly keep?: (cells: Record<string, string>) => boolean;
  /** Dates after this (ISO) are rejected as in the future. */
  readonly notAfter?: string;
}

function futureDateExpected(notAfter: string): string {
  const [y, m, d] = notAfter.split('-');
  return `a date on or before ${d}/${m}/${y}; a later date is in the future`;
}

export function readSheet<T>(spec: SheetSpec<T>, file: string, rows: Iterable<Row>, options: ReadOptions = {}): SheetResult<T> {
  const iterator = rows[Symbol.iterator]();
  const first = iterator.next();
  const head: Row | undefined = first.done ? undefined : first.value;
  const body: Iterable<Row> = { [Symbol.iterator]: () => iterator };
  const headers = (head?.cells ?? []).map((h) => h.trim());
  const byName = new Map<string, number>();
  headers.forEach((h, i) => {
    if (!byName.has(normaliseHeader(h))) byName.set(normaliseHeader(h), i);
  });
  const columnIndex: Record<string, number | undefined> = {};
  const missing: RejectedRow[] = [];
  for (const [key, column] of Object.entries(spec.columns)) {
    const index = [column.header, ...(column.aliases ?? [])].map((name) => byName.get(normaliseHeader(name))).find((i) => i !== undefined);
    columnIndex[key] = index;
    if (index === undefined && column.required) {
      missing.push({ file, row: head?.line ?? 1, column: column.header, value: '', expected: `a column named '${column.header}' in the header row` });
    }
  }
  if (missing.length > 0) {
    let count = 0;
    for (const _ of body) count++;
    return { accepted: [], rejected: missing, rows: count, skipped: 0 };
  }

  const keys = Object.keys(spec.columns);
  const headerOf = (key: string) => {
    const index = columnIndex[key];
    return index === undefined ? spec.columns[key]!.header : headers[index]!;
  };
  const accepted: { line: number; value: T }[] = [];
  const rejected: RejectedRow[] = [];
  const firstSeen = new Map<string, number>();
  let considered = 0;
  let skipped = 0;
  for (const { line, cells: raw } of body) {
    const cells: Record<string, string> = {};
    for (const key of keys) {
      const index = columnIndex[key];
      cells[key] = index === undefined ? '' : (raw[index] ?? '').trim();
    }
    if (options.keep && !options.keep(cells)) {
      skipped++;
      continue;
    }
    considered++;
    const problems: RejectedRow[] = [];
    const parsed = spec.row.safeParse(cells);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        problems.push({ file, row: line, column: spec.columns[key] ? headerOf(key) : key, value: cells[key] ?? '', expected: issue.message });
      }
    }
    if (options.notAfter) {
      for (const key of keys) {
        const date = spec.columns[key]!.date ? parseDate(cells[key] ?? '') : undefined;
        if (date && date > options.notAfter) problems.push({ file, row: line, column: headerOf(key), value: cells[key]!, expected: futureDateExpected(options.notAfter) });
      }
    }
    if (problems.length === 0 && parsed.success && spec.unique) {
      const key = spec.unique.key(parsed.data);
      const earlier = firstSeen.get(key);
      if (earlier !== undefined) {
        const column = spec.unique.column;
        problems.push({ file, row: line, column: headerOf(column), value: cells[column] ?? '', expected: `${spec.unique.expected} (already given at row ${earlier})` });
      } else {
        firstSeen.set(key, line);
      }
    }
    if (problems.length > 0) rejected.push(...problems);
    else if (parsed.success) accepted.push({ line, value: parsed.data });
  }
  return { accepted, rejected, rows: considered, skipped };
}

/** Formats a rejected row the way officers read it: "register.csv row 12, URN: 'x' is not a URN of 6 or 7 digits". */
export function describeRejection(rejection: RejectedRow): string {
  return `${rejection.file} row ${rejection.row}, ${rejection.column}: '${rejection.value}' is not ${rejection.expected}`;
}

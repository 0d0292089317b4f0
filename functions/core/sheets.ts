/**
 * Reading one input sheet: columns found by name through an alias table (case and stray spaces ignored), each
 * row validated with zod, and every problem turned into a rejected row that names the file, the row, the column,
 * the value found and what was expected. Valid rows go through; nothing is silently altered.
 */
import type { z } from 'zod';
import { iterateCsvRows, normaliseHeader } from './csv';
import { parseDate } from './dates';
import type { RejectedRow } from './types';
import { readXlsxSheets, WorkbookUnreadable } from './xlsx';

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
  /** Free text that may run over several lines (a summary or a note); other columns must be on one line. */
  readonly multiline?: boolean;
}

export interface SheetSpec<T> {
  /** The file's name without its extension: `contacts` is read from contacts.csv or contacts.xlsx. */
  readonly name: string;
  readonly title: string;
  readonly columns: Record<string, ColumnSpec>;
  /** Validates one row's raw cells (keyed as `columns`) and builds the domain value. */
  readonly row: z.ZodType<T, Record<string, string>>;
  /**
   * Rows that must be unique, and how to say so. With `identicalRowsAreOne`, a row repeated exactly is read once,
   * and rows that share the key but differ are all rejected: neither is used.
   */
  readonly unique?: {
    readonly key: (value: T) => string;
    readonly column: string;
    readonly expected: string;
    readonly identicalRowsAreOne?: boolean;
  };
  /** Cell values that mean "empty" in this source, e.g. Ofsted's `NULL`. */
  readonly blankValues?: readonly string[];
  /**
   * Cells of a row it used that could not be read, by column key: each is listed with the rejections (the row kept),
   * so that one unreadable value loses that value alone and is still said.
   */
  readonly cellProblems?: (value: T) => readonly { column: string; value: string; expected: string }[];
}

export interface Row {
  readonly line: number;
  readonly cells: readonly string[];
}

export interface SheetResult<T> {
  /** The header row as the file gives it. */
  readonly headers: readonly string[];
  readonly accepted: { line: number; value: T }[];
  readonly rejected: RejectedRow[];
  /** Rows that repeat an earlier row exactly, read once (`identicalRowsAreOne`): said, never dropped in silence. */
  readonly repeated?: readonly { row: number; repeats: number }[];
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
    for (const byte of bytes)
      text += String.fromCharCode(byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80]! : byte);
    return text;
  }
}

export class FileUnreadable extends Error {
  override readonly name = 'FileUnreadable';
}

/** Whether a header row holds every column the spec requires (by its name or one of its aliases). */
export function hasRequiredColumns(spec: Pick<SheetSpec<unknown>, 'columns'>, headers: readonly string[]): boolean {
  const names = new Set(headers.map(normaliseHeader));
  return Object.values(spec.columns).every(
    (c) => !c.required || [c.header, ...(c.aliases ?? [])].some((n) => names.has(normaliseHeader(n))),
  );
}

/**
 * The rows of a CSV file, or of the worksheet of an .xlsx workbook that holds the sheet's columns (the first one
 * that does: a cover sheet or notes tab before it is passed over); the first row is the header.
 */
export function readRows(
  file: string,
  bytes: Uint8Array,
  spec?: Pick<SheetSpec<unknown>, 'columns' | 'title'>,
): Iterable<Row> {
  if (/\.xlsx$/i.test(file)) {
    try {
      const sheets = readXlsxSheets(bytes);
      if (!spec) return sheets[0]!.rows;
      const found = sheets.find((sheet) => hasRequiredColumns(spec, sheet.rows[0]?.cells ?? []));
      if (found) return found.rows;
      const required = Object.values(spec.columns)
        .filter((c) => c.required)
        .map((c) => c.header);
      const seen = sheets.map(
        (sheet) =>
          `'${sheet.name}' (first row: ${(sheet.rows[0]?.cells ?? []).filter(Boolean).slice(0, 6).join(', ') || 'empty'})`,
      );
      throw new FileUnreadable(
        `${file}: no worksheet has the columns ${required.join(', ')} in its first row; its worksheets are ${seen.join('; ')}`,
      );
    } catch (error) {
      if (error instanceof WorkbookUnreadable) throw new FileUnreadable(`${file} cannot be read: ${error.message}`);
      throw error;
    }
  }
  return iterateCsvRows(decodeText(bytes));
}

/** Longest value a cell may hold: Excel's own limit for a cell. */
export const MAX_CELL_CHARACTERS = 32_767;
/**
 * Most a row may hold, in UTF-8 bytes, of the columns intake keeps. A school's stored record holds its register
 * row and up to three contacts, so this keeps every item far inside DynamoDB's 400 KB limit.
 */
export const MAX_ROW_BYTES = 64 * 1024;
const utf8 = new TextEncoder();
/** Control characters (other than tab and line breaks) and bidirectional formatting characters. */
const HIDDEN_CHARACTERS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this pattern is for
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const LINE_BREAK = /[\r\n]/;

/** A cell's value as a rejection shows it: hidden characters written as U+XXXX, and long values shortened. */
function shown(value: string): string {
  const visible = value
    .replace(
      new RegExp(HIDDEN_CHARACTERS.source, 'g'),
      (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`,
    )
    .replace(/\r?\n/g, '<line break>');
  return visible.length > 80 ? `${visible.slice(0, 60)}... (${value.length} characters)` : visible;
}

/** What is wrong with a cell whatever the column: too long to keep, or characters that must never reach a letter. */
function cellProblem(value: string, column: ColumnSpec): string | undefined {
  if (value.length > MAX_CELL_CHARACTERS)
    return `a value of at most ${MAX_CELL_CHARACTERS.toLocaleString('en-GB')} characters (it has ${value.length.toLocaleString('en-GB')}): too long to store`;
  const hidden = HIDDEN_CHARACTERS.exec(value);
  if (hidden)
    return `text without control or bidirectional formatting characters (U+${hidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} found at character ${hidden.index + 1})`;
  if (!column.multiline && LINE_BREAK.test(value)) return 'text on one line (the cell holds a line break)';
  return undefined;
}

export interface ReadOptions {
  /**
   * Rows to consider at all, decided on the raw cells before validation (e.g. this authority's rows of a national
   * file).
   */
  readonly keep?: (cells: Record<string, string>) => boolean;
  /** Dates after this (ISO) are rejected as in the future. */
  readonly notAfter?: string;
  /**
   * Told of each row rejected (not one that lost a cell alone), with its raw cells: who a row the file cannot use was
   * about.
   */
  readonly onRejected?: (cells: Record<string, string>, line: number) => void;
}

function futureDateExpected(notAfter: string): string {
  const [y, m, d] = notAfter.split('-');
  return `a date on or before ${d}/${m}/${y}; a later date is in the future`;
}

export function readSheet<T>(
  spec: SheetSpec<T>,
  file: string,
  rows: Iterable<Row>,
  options: ReadOptions = {},
): SheetResult<T> {
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
    const index = [column.header, ...(column.aliases ?? [])]
      .map((name) => byName.get(normaliseHeader(name)))
      .find((i) => i !== undefined);
    columnIndex[key] = index;
    if (index === undefined && column.required) {
      missing.push({
        file,
        row: head?.line ?? 1,
        column: column.header,
        value: '',
        expected: `a column named '${column.header}' in the header row`,
      });
    }
  }
  if (missing.length > 0) {
    let count = 0;
    for (const _ of body) count++;
    return { headers, accepted: [], rejected: missing, rows: count, skipped: 0 };
  }
  const blanks = new Set((spec.blankValues ?? []).map((v) => v.toLowerCase()));

  const keys = Object.keys(spec.columns);
  const headerOf = (key: string) => {
    const index = columnIndex[key];
    return index === undefined ? spec.columns[key]!.header : headers[index]!;
  };
  const accepted: { line: number; value: T }[] = [];
  const rejected: RejectedRow[] = [];
  const firstSeen = new Map<string, { line: number; raw: string }>();
  const repeated: { row: number; repeats: number }[] = [];
  const heldOut = new Set<string>();
  let considered = 0;
  let skipped = 0;
  for (const { line, cells: raw } of body) {
    const cells: Record<string, string> = {};
    for (const key of keys) {
      const index = columnIndex[key];
      const value = index === undefined ? '' : (raw[index] ?? '').trim();
      cells[key] = blanks.size > 0 && blanks.has(value.toLowerCase()) ? '' : value;
    }
    if (options.keep && !options.keep(cells)) {
      skipped++;
      continue;
    }
    considered++;
    const problems: RejectedRow[] = [];
    for (const key of keys) {
      const problem = cellProblem(cells[key]!, spec.columns[key]!);
      if (problem)
        problems.push({ file, row: line, column: headerOf(key), value: shown(cells[key]!), expected: problem });
    }
    if (problems.length === 0) {
      const bytes = keys.reduce((n, key) => n + utf8.encode(cells[key]!).length, 0);
      if (bytes > MAX_ROW_BYTES) {
        const longest = keys.reduce((a, b) => (cells[b]!.length > cells[a]!.length ? b : a));
        problems.push({
          file,
          row: line,
          column: headerOf(longest),
          value: shown(cells[longest]!),
          expected: `part of a row of at most ${MAX_ROW_BYTES / 1024} KB (the row holds ${Math.ceil(bytes / 1024)} KB): too big to store`,
        });
      }
    }
    // A cell that cannot be kept at all rejects the row before it is read further.
    const parsed = problems.length === 0 ? spec.row.safeParse(cells) : undefined;
    if (parsed && !parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? '');
        problems.push({
          file,
          row: line,
          column: spec.columns[key] ? headerOf(key) : key,
          value: cells[key] ?? '',
          expected: issue.message,
        });
      }
    }
    if (options.notAfter) {
      for (const key of keys) {
        const date = spec.columns[key]!.date ? parseDate(cells[key] ?? '') : undefined;
        if (date && date > options.notAfter)
          problems.push({
            file,
            row: line,
            column: headerOf(key),
            value: cells[key]!,
            expected: futureDateExpected(options.notAfter),
          });
      }
    }
    if (problems.length === 0 && parsed?.success && spec.unique) {
      const key = spec.unique.key(parsed.data);
      const column = spec.unique.column;
      const rawRow = keys.map((k) => cells[k]).join('\u0000');
      const earlier = firstSeen.get(key);
      if (earlier === undefined) {
        firstSeen.set(key, { line, raw: rawRow });
      } else if (spec.unique.identicalRowsAreOne && earlier.raw === rawRow) {
        repeated.push({ row: line, repeats: earlier.line }); // the same row twice: one school, and said
        continue;
      } else if (spec.unique.identicalRowsAreOne) {
        const differing = keys
          .filter((_k, i) => rawRow.split('\u0000')[i] !== earlier.raw.split('\u0000')[i])
          .map(headerOf);
        const expected = `${spec.unique.expected}: rows ${earlier.line} and ${line} give it with different ${differing.join(', ')}, so neither row was used`;
        if (!heldOut.has(key)) {
          heldOut.add(key);
          rejected.push({ file, row: earlier.line, column: headerOf(column), value: cells[column] ?? '', expected });
        }
        problems.push({ file, row: line, column: headerOf(column), value: cells[column] ?? '', expected });
      } else {
        problems.push({
          file,
          row: line,
          column: headerOf(column),
          value: cells[column] ?? '',
          expected: `${spec.unique.expected} (already given at row ${earlier.line})`,
        });
      }
    }
    if (problems.length > 0) {
      rejected.push(...problems);
      options.onRejected?.(cells, line);
    } else if (parsed?.success) {
      accepted.push({ line, value: parsed.data });
      for (const cell of spec.cellProblems?.(parsed.data) ?? [])
        rejected.push({
          file,
          row: line,
          column: spec.columns[cell.column] ? headerOf(cell.column) : cell.column,
          value: shown(cell.value),
          expected: cell.expected,
          rowKept: true,
        });
    }
  }
  if (heldOut.size > 0 && spec.unique) {
    const key = spec.unique.key;
    const kept = accepted.filter((a) => !heldOut.has(key(a.value)));
    accepted.splice(0, accepted.length, ...kept);
  }
  rejected.sort((a, b) => a.row - b.row);
  return { headers, accepted, rejected, ...(repeated.length > 0 ? { repeated } : {}), rows: considered, skipped };
}

/** Formats a rejected row the way officers read it: "register.csv row 12, URN: 'x' is not a URN of 6 or 7 digits". */
export function describeRejection(rejection: RejectedRow): string {
  return `${rejection.file} row ${rejection.row}, ${rejection.column}: '${rejection.value}' is not ${expectedOf(rejection)}`;
}

/** What was expected of a rejected value, and, where only the value was left out, that the rest of its row was used. */
export const expectedOf = (rejection: RejectedRow): string =>
  `${rejection.expected}${rejection.rowKept ? ' (this value is left out; the rest of the row is used)' : ''}`;

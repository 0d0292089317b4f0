/**
 * A CSV reader for files as authorities really have them: UTF-8 with or without a byte-order mark,
 * CRLF or LF line ends, quoted fields holding commas, quotes and line breaks, blank trailing rows.
 * Each record keeps the line number it starts on, so that a rejected row can be named.
 */
export interface CsvRecord {
  /** 1-based line number in the file where the record starts (the header is line 1). */
  readonly line: number;
  readonly values: Record<string, string>;
}

export interface CsvTable {
  readonly headers: string[];
  readonly records: CsvRecord[];
}

/**
 * The rows of a CSV text, one at a time, so that a national file is never held as millions of cells at once.
 * Fields are sliced out of the text rather than built a character at a time.
 */
export function* iterateCsvRows(text: string): Generator<{ line: number; cells: string[] }> {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const rowLine = line;
    const cells: string[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === 34 /* " */) {
        value = '';
        i++;
        for (;;) {
          const quote = text.indexOf('"', i);
          if (quote === -1) {
            value += text.slice(i);
            i = n;
            break;
          }
          value += text.slice(i, quote);
          if (text.charCodeAt(quote + 1) === 34) {
            value += '"';
            i = quote + 2;
          } else {
            i = quote + 1;
            break;
          }
        }
        for (let k = value.indexOf('\n'); k !== -1; k = value.indexOf('\n', k + 1)) line++;
        // Anything between a closing quote and the next delimiter is kept, as spreadsheets do.
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          j++;
        }
        if (j > i) value += text.slice(i, j);
        i = j;
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          j++;
        }
        value = text.slice(i, j);
        i = j;
      }
      cells.push(value);
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === 44 /* , */) {
        i++;
        if (i >= n) {
          cells.push('');
          break;
        }
        continue;
      }
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      line++;
      break;
    }
    if (cells.some((cell) => cell.trim() !== '')) yield { line: rowLine, cells };
  }
}

export function parseCsvRows(text: string): { line: number; cells: string[] }[] {
  return [...iterateCsvRows(text)];
}

/** Header names compared without case and stray spaces. */
export function normaliseHeader(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export function parseCsv(text: string): CsvTable {
  return tableFromRows(parseCsvRows(text));
}

/** A table from rows whose first row is the header (from a CSV file or a worksheet). */
export function tableFromRows(rows: readonly { line: number; cells: string[] }[]): CsvTable {
  const [head, ...body] = rows;
  if (!head) return { headers: [], records: [] };
  const headers = head.cells.map((h) => h.trim());
  const records = body.map(({ line, cells }) => {
    const values: Record<string, string> = {};
    headers.forEach((header, index) => {
      values[header] = (cells[index] ?? '').trim();
    });
    return { line, values };
  });
  return { headers, records };
}

/** A cell a spreadsheet would run as a formula: it starts with =, +, -, @, a tab or a carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number ("-0.5", "+3", "-12%") is data, and stays as it is. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?%?$/;

/**
 * Neutralises a value that a spreadsheet would otherwise run as a formula when an officer opens the CSV in Excel:
 * it is written with a leading apostrophe (`'=HYPERLINK(...)`), which Excel shows as text. Numbers are left alone.
 */
export function spreadsheetSafe(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** Writes CSV (RFC 4180, CRLF) with every text value made safe to open in a spreadsheet. */
export function toCsv(headers: readonly string[], rows: readonly (readonly (string | number | undefined)[])[]): string {
  const quote = (value: string | number | undefined): string => {
    const text = value === undefined ? '' : typeof value === 'number' ? String(value) : spreadsheetSafe(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return `${[headers, ...rows].map((row) => row.map(quote).join(',')).join('\r\n')}\r\n`;
}

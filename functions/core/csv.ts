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

export function parseCsvRows(text: string): { line: number; cells: string[] }[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      inQuotes = true;
    } else if (ch === ',') {
      cells.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && input[i + 1] === '\n') i++;
      cells.push(field);
      rows.push({ line: rowLine, cells });
      cells = [];
      field = '';
      line++;
      rowLine = line;
    } else {
      field += ch;
    }
  }
  if (field !== '' || cells.length > 0) {
    cells.push(field);
    rows.push({ line: rowLine, cells });
  }
  return rows.filter((row) => row.cells.some((cell) => cell.trim() !== ''));
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

export function toCsv(headers: readonly string[], rows: readonly (readonly (string | number | undefined)[])[]): string {
  const quote = (value: string | number | undefined): string => {
    const text = value === undefined ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [headers, ...rows].map((row) => row.map(quote).join(',')).join('\r\n') + '\r\n';
}

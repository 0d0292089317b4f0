/**
 * Reads the worksheets of an .xlsx workbook, as saved by Excel, into rows of strings: text as it is,
 * numbers as Excel stored them, dates (cells with a date format) as ISO dates, booleans as TRUE / FALSE.
 * Row numbers are Excel's, so a rejected row can be found in the sheet by its number.
 *
 * And writes a one-sheet workbook for people to fill in (the AAG's proposals): a bold header row that stays in
 * view, filters, columns wide enough to read, and a drop-down where a column takes one of a few values.
 */
import { XMLParser } from 'fast-xml-parser';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

export class WorkbookUnreadable extends Error {
  override readonly name = 'WorkbookUnreadable';
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) => ['sheet', 'Relationship', 'si', 'r', 'row', 'c', 'numFmt', 'xf'].includes(name),
});

function xml(files: Record<string, Uint8Array>, path: string): Node | undefined {
  const bytes = files[path];
  return bytes ? (parser.parse(strFromU8(bytes)) as Node) : undefined;
}

const asArray = <T>(value: unknown): T[] =>
  Array.isArray(value) ? (value as T[]) : value === undefined ? [] : [value as T];

/** The text of a <t> element, or of the runs of rich text. */
function textOf(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  const n = node as Node;
  if ('t' in n || 'r' in n) {
    return (
      textOf(n.t) +
      asArray<Node>(n.r)
        .map((run) => textOf(run.t))
        .join('')
    );
  }
  return typeof n['#text'] === 'string' ? n['#text'] : '';
}

/** Built-in number formats that are dates or times. */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

function isDateFormat(code: string): boolean {
  // Ignore quoted text, escaped characters and [colour]/[locale] sections before looking for d, m, y.
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '');
  return /[dy]/i.test(bare) || /m/.test(bare.replace(/[hs]/gi, ''));
}

function dateStyles(files: Record<string, Uint8Array>): Set<number> {
  const styles = xml(files, 'xl/styles.xml')?.styleSheet as Node | undefined;
  if (!styles) return new Set();
  const custom = new Map<number, string>();
  for (const fmt of asArray<Node>((styles.numFmts as Node | undefined)?.numFmt))
    custom.set(Number(fmt['@_numFmtId']), String(fmt['@_formatCode'] ?? ''));
  const dates = new Set<number>();
  asArray<Node>((styles.cellXfs as Node | undefined)?.xf).forEach((xf, index) => {
    const id = Number(xf['@_numFmtId'] ?? 0);
    if (BUILT_IN_DATE_FORMATS.has(id) || (custom.has(id) && isDateFormat(custom.get(id)!))) dates.add(index);
  });
  return dates;
}

/** Excel's serial day number as an ISO date (1900 system, or 1904 where the workbook says so). */
export function excelSerialToIsoDate(serial: number, date1904 = false): string {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  return new Date(epoch + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10);
}

function columnIndex(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? 'A';
  let index = 0;
  for (const ch of letters) index = index * 26 + (ch.charCodeAt(0) - 64);
  return index - 1;
}

export interface Worksheet {
  readonly name: string;
  readonly rows: { line: number; cells: string[] }[];
}

/** Every worksheet of the workbook, in the order Excel shows their tabs. */
export function readXlsxSheets(bytes: Uint8Array): Worksheet[] {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch {
    throw new WorkbookUnreadable('the file is not an .xlsx workbook (it could not be unzipped)');
  }
  const workbook = xml(files, 'xl/workbook.xml')?.workbook as Node | undefined;
  const sheets = asArray<Node>((workbook?.sheets as Node | undefined)?.sheet);
  if (!workbook || sheets.length === 0) throw new WorkbookUnreadable('the workbook has no worksheet');
  const date1904 = ['1', 'true'].includes(String((workbook.workbookPr as Node | undefined)?.['@_date1904'] ?? ''));
  const rels = asArray<Node>(
    (xml(files, 'xl/_rels/workbook.xml.rels')?.Relationships as Node | undefined)?.Relationship,
  );
  const shared = asArray<Node>((xml(files, 'xl/sharedStrings.xml')?.sst as Node | undefined)?.si).map(textOf);
  const dates = dateStyles(files);
  return sheets.map((entry, index) => {
    const relId = String(entry['@_r:id'] ?? '');
    const target = String(rels.find((r) => r['@_Id'] === relId)?.['@_Target'] ?? `worksheets/sheet${index + 1}.xml`);
    const sheetPath = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    const sheet = xml(files, sheetPath)?.worksheet as Node | undefined;
    const name = String(entry['@_name'] ?? `Sheet${index + 1}`);
    if (!sheet) throw new WorkbookUnreadable(`the workbook's worksheet '${name}' (${sheetPath}) is missing`);
    return { name, rows: worksheetRows(sheet, shared, dates, date1904) };
  });
}

/** The rows of the workbook's first worksheet. */
export function readXlsxRows(bytes: Uint8Array): { line: number; cells: string[] }[] {
  return readXlsxSheets(bytes)[0]!.rows;
}

function worksheetRows(
  sheet: Node,
  shared: string[],
  dates: Set<number>,
  date1904: boolean,
): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let previous = 0;
  for (const row of asArray<Node>((sheet.sheetData as Node | undefined)?.row)) {
    const line = Number(row['@_r'] ?? previous + 1);
    previous = line;
    const cells: string[] = [];
    let nextColumn = 0;
    for (const cell of asArray<Node>(row.c)) {
      const column = cell['@_r'] ? columnIndex(String(cell['@_r'])) : nextColumn;
      nextColumn = column + 1;
      const type = String(cell['@_t'] ?? 'n');
      const raw = cell.v === undefined ? undefined : textOf(cell.v);
      let value = '';
      if (type === 's') value = shared[Number(raw)] ?? '';
      else if (type === 'inlineStr') value = textOf(cell.is);
      else if (type === 'str' || type === 'e') value = raw ?? '';
      else if (type === 'b') value = raw === '1' ? 'TRUE' : raw === '0' ? 'FALSE' : '';
      else if (type === 'd') value = (raw ?? '').slice(0, 10);
      else if (raw !== undefined && raw !== '')
        value = dates.has(Number(cell['@_s'] ?? -1)) ? excelSerialToIsoDate(Number(raw), date1904) : raw;
      while (cells.length < column) cells.push('');
      cells[column] = value;
    }
    if (cells.some((c) => c.trim() !== '')) rows.push({ line, cells });
  }
  return rows;
}

export interface WorksheetToWrite {
  /** The sheet's tab name (Excel allows up to 31 characters, without : \\ / ? * [ ]). */
  name: string;
  headers: readonly string[];
  rows: readonly (readonly (string | number | undefined)[])[];
  /** Columns (by index) whose cells offer a drop-down of these values. */
  choices?: readonly { column: number; values: readonly string[] }[];
}

/** Text as XML allows it: escaped, without the control characters XML 1.0 forbids. */
const xmlText = (text: string) =>
  text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 cannot carry these characters, so they are removed
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** A column's letters from its index: 0 is A, 26 is AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** A name Excel accepts for a sheet: without : \\ / ? * [ ], and at most 31 characters. */
const sheetName = (name: string) =>
  name
    .replace(/[:\\/?*[\]]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 31)
    .trim() || 'Sheet1';

/** A one-sheet .xlsx workbook. The same rows always give the same bytes (the zip's dates are fixed). */
export function writeXlsx(sheet: WorksheetToWrite): Uint8Array {
  const cell = (value: string | number | undefined, ref: string, style: number) =>
    typeof value === 'number'
      ? `<c r="${ref}" s="${style}"><v>${value}</v></c>`
      : `<c r="${ref}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${xmlText(value ?? '')}</t></is></c>`;
  const allRows = [sheet.headers, ...sheet.rows];
  const rowsXml = allRows
    .map(
      (row, r) =>
        `<row r="${r + 1}">${row.map((value, c) => cell(value, `${columnName(c)}${r + 1}`, r === 0 ? 1 : 0)).join('')}</row>`,
    )
    .join('');
  const widths = sheet.headers.map((_, c) =>
    Math.min(60, Math.max(8, ...allRows.map((row) => String(row[c] ?? '').length + 2))),
  );
  const lastColumn = columnName(Math.max(0, sheet.headers.length - 1));
  const lastRow = Math.max(2, allRows.length);
  const validations = (sheet.choices ?? []).map(
    ({ column, values }) =>
      `<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="${columnName(column)}2:${columnName(column)}${lastRow}"><formula1>"${xmlText(values.join(','))}"</formula1></dataValidation>`,
  );
  const worksheet =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `<cols>${widths.map((w, c) => `<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>` +
    `<sheetData>${rowsXml}</sheetData>` +
    `<autoFilter ref="A1:${lastColumn}${allRows.length}"/>` +
    (validations.length > 0
      ? `<dataValidations count="${validations.length}">${validations.join('')}</dataValidations>`
      : '') +
    '</worksheet>';
  const files: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      `<sheets><sheet name="${xmlText(sheetName(sheet.name))}" sheetId="1" r:id="rId1"/></sheets>` +
      `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'${xmlText(sheetName(sheet.name).replace(/'/g, "''"))}'!$A$1:$${lastColumn}$${allRows.length}</definedName></definedNames></workbook>`,
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    'xl/styles.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
    'xl/worksheets/sheet1.xml': worksheet,
  };
  const mtime = new Date(Date.UTC(2026, 0, 1));
  return zipSync(Object.fromEntries(Object.entries(files).map(([path, text]) => [path, [strToU8(text), { mtime }]])), {
    level: 6,
  });
}

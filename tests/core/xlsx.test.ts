import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  columnName,
  excelSerialToIsoDate,
  readXlsxRows,
  readXlsxSheets,
  WorkbookUnreadable,
  writeXlsx,
} from '../../functions/core/xlsx';

async function workbook(build: (sheet: ExcelJS.Worksheet, book: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  build(book.addWorksheet('First'), book);
  book.addWorksheet('Second').addRow(['not read']);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('reading .xlsx', () => {
  it('reads the first worksheet: text, rich text, numbers as stored, booleans, dates, gaps and Excel row numbers', async () => {
    const bytes = await workbook((sheet) => {
      sheet.getCell('A1').value = 'URN';
      sheet.getCell('B1').value = { richText: [{ text: 'Na' }, { text: 'me', font: { bold: true } }] };
      sheet.getCell('C1').value = 'When';
      sheet.getCell('A3').value = 100001;
      sheet.getCell('B3').value = "Zoë O'Brien & <Co>";
      sheet.getCell('C3').value = new Date(Date.UTC(2026, 8, 1));
      sheet.getCell('C3').numFmt = 'd mmm yyyy';
      sheet.getCell('D3').value = true;
      sheet.getCell('F3').value = 61.5;
    });
    expect(readXlsxRows(bytes)).toEqual([
      { line: 1, cells: ['URN', 'Name', 'When'] },
      { line: 3, cells: ['100001', "Zoë O'Brien & <Co>", '2026-09-01', 'TRUE', '', '61.5'] },
    ]);
  });

  it('converts Excel serial dates in both date systems', () => {
    expect(excelSerialToIsoDate(45000)).toBe('2023-03-15');
    expect(excelSerialToIsoDate(46266.75)).toBe('2026-09-01');
    expect(excelSerialToIsoDate(0, true)).toBe('1904-01-01');
  });

  it('says when a file is not a workbook', () => {
    expect(() => readXlsxRows(new TextEncoder().encode('URN,Name\n'))).toThrow(WorkbookUnreadable);
  });
});

describe('writing a workbook', () => {
  it('writes text as it is (markup characters, accents, leading zeros), numbers as numbers, and columns past Z', () => {
    const headers = Array.from({ length: 28 }, (_, i) => `Column ${i + 1}`);
    const row = [`Smith & Jones <"Ltd">`, 'Zoë O’Brien', '012345', 2, ...Array.from({ length: 24 }, (_, i) => `v${i}`)];
    const bytes = writeXlsx({
      name: 'Ashdown: proposals/2027 [draft]',
      headers,
      rows: [row],
      choices: [{ column: 1, values: ['agree', 'override'] }],
    });
    const [sheet] = readXlsxSheets(bytes);
    expect(sheet?.name).toBe('Ashdown proposals 2027 draft');
    expect(sheet?.rows.map((r) => r.cells)).toEqual([headers, row.map(String)]);
    expect(columnName(0)).toBe('A');
    expect(columnName(27)).toBe('AB');
    expect(columnName(702)).toBe('AAA');
  });

  it('leaves out the control characters XML forbids, rather than writing a workbook Excel cannot open', () => {
    const [sheet] = readXlsxSheets(writeXlsx({ name: 'S', headers: ['A'], rows: [['bell\u0007 here']] }));
    expect(sheet?.rows[1]?.cells).toEqual(['bell here']);
  });

  it('opens in another reader (ExcelJS) with its header kept in view and the drop-down offered', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(
      Buffer.from(
        writeXlsx({
          name: 'Ashdown proposals',
          headers: ['URN', 'Decision'],
          rows: [
            ['100001', 'agree'],
            ['100002', 'agree'],
          ],
          choices: [{ column: 1, values: ['agree', 'override'] }],
        }),
      ) as unknown as ExcelJS.Buffer,
    );
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('Ashdown proposals');
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getCell('A2').font?.bold).toBeFalsy();
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getCell('B3').dataValidation).toMatchObject({ type: 'list', formulae: ['"agree,override"'] });
  });

  it('always writes the same bytes for the same rows', () => {
    const write = () => writeXlsx({ name: 'S', headers: ['A'], rows: [['x']] });
    expect(Buffer.from(write()).equals(Buffer.from(write()))).toBe(true);
  });
});

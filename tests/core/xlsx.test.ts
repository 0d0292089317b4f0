import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { excelSerialToIsoDate, readXlsxRows, WorkbookUnreadable } from '../../functions/core/xlsx';

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

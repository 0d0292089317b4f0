/** Reading a sheet at its limits (functions/core/sheets.ts): the sizes it keeps, the bytes it decodes, what it shows. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  decodeText,
  describeRejection,
  FileUnreadable,
  MAX_CELL_CHARACTERS,
  MAX_ROW_BYTES,
  readSheet,
  type SheetSpec,
} from '../../functions/core/sheets';

const notes: SheetSpec<{ urn: string; note: string; date: string }> = {
  name: 'notes',
  title: 'Notes',
  columns: {
    urn: { header: 'URN', required: true, description: 'URN', example: '100001' },
    note: { header: 'Note', required: false, description: 'A note', example: 'x' },
    date: { header: 'Date', required: false, description: 'When', example: '2026-09-01', date: true },
  },
  row: z.object({ urn: z.string(), note: z.string(), date: z.string() }) as never,
};
const rows = (...cells: string[][]) => [
  { line: 1, cells: ['URN', 'Note', 'Date'] },
  ...cells.map((c, i) => ({ line: i + 2, cells: c })),
];

describe('a sheet read at its limits', () => {
  it('decodes the bytes 0x80 to 0x9F as Windows-1252 and the bytes either side as Latin-1', () => {
    expect(decodeText(new Uint8Array([0x7f, 0x80, 0x9f, 0xa0, 0xe9]))).toBe('\u007f€Ÿ\u00a0é');
  });

  it('keeps a cell of the longest length stored, and refuses one character more', () => {
    const longest = 'x'.repeat(MAX_CELL_CHARACTERS);
    expect(readSheet(notes, 'notes.csv', rows(['100001', longest, ''])).rejected).toEqual([]);
    const [rejected] = readSheet(notes, 'notes.csv', rows(['100001', `${longest}x`, ''])).rejected;
    expect(describeRejection(rejected!)).toBe(
      `notes.csv row 2, Note: '${'x'.repeat(60)}... (32768 characters)' is not a value of at most 32,767 characters (it has 32,768): too long to store`,
    );
  });

  it('shows a value of 80 characters whole, and a longer one shortened', () => {
    const withBreak = (n: number) => `${'y'.repeat(n)}\u0007`;
    const [eighty] = readSheet(notes, 'notes.csv', rows(['100001', withBreak(72), ''])).rejected;
    expect(eighty?.value).toBe(`${'y'.repeat(72)}<U+0007>`);
    const [longer] = readSheet(notes, 'notes.csv', rows(['100001', withBreak(73), ''])).rejected;
    expect(longer?.value).toBe(`${'y'.repeat(60)}... (74 characters)`);
  });

  it('refuses a row whose cells pass the size a stored record may have, naming its longest column', () => {
    // Two bytes a character: the note's 32,768 bytes, the date's 32,762 and the URN's 6 are 64 KB exactly.
    const note = 'é'.repeat(16384);
    const date = 'é'.repeat(16381);
    expect(MAX_ROW_BYTES).toBe(65536);
    expect(readSheet(notes, 'notes.csv', rows(['100001', note, date])).rejected).toEqual([]);
    const [rejected] = readSheet(notes, 'notes.csv', rows(['100001', note, `${date}a`])).rejected;
    expect([rejected?.column, rejected?.expected]).toEqual([
      'Note',
      'part of a row of at most 64 KB (the row holds 65 KB): too big to store',
    ]);
  });

  it('takes a date on the last day allowed and refuses the day after, and lists rejections by row', () => {
    const result = readSheet(
      notes,
      'notes.csv',
      rows(['100001', '', '02/09/2026'], ['100002', '', '01/09/2026'], ['100003', 'a\u0007', '']),
      { notAfter: '2026-09-01' },
    );
    expect(result.rejected.map((r) => [r.row, r.column])).toEqual([
      [2, 'Date'],
      [4, 'Note'],
    ]);
    expect(new FileUnreadable('x').name).toBe('FileUnreadable');
  });
});
